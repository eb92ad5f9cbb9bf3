import { runsAndClusters } from "./001-runs-and-clusters.js";
import { entryKeys } from "./002-entry-keys.js";
import { localTracker } from "./003-local-tracker.js";
import { judgeMemory } from "./004-judge-memory.js";

export interface Migration {
  /** Becomes `PRAGMA user_version` once applied; numbered 1, 2, 3 … without gaps. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** In order. Never edit a step that has shipped: add a new one. */
export const MIGRATIONS: readonly Migration[] = [runsAndClusters, entryKeys, localTracker, judgeMemory];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
