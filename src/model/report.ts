import type { CountByName, MinuteCount } from "./cluster.js";
import type { JudgedCluster } from "./judgement.js";
import type { NotificationOutcome } from "./notify.js";
import type { Severity } from "./severity.js";
import type { SourceResult } from "./source.js";
import type { StageStats } from "./stats.js";
import type { TrackerOutcome } from "./tracker.js";
import type { RunWindow } from "./window.js";

/** Bump when a field is removed or changes meaning; adding a field keeps the version. */
export const REPORT_SCHEMA_VERSION = 1;

export interface RunQuery {
  readonly services: readonly string[];
  readonly minSeverity: Severity;
  readonly since?: string;
  readonly until?: string;
  /** The Cloud Logging filter(s) used, when read from the API. */
  readonly filters: readonly string[];
}

export interface SeverityMinute extends MinuteCount {
  readonly bySeverity: Readonly<Partial<Record<Severity, number>>>;
}

export interface MinerFigures {
  readonly templates: number;
  /** Distinct masked shapes held (the LRU bound is `miner.maxClusters`). */
  readonly shapes: number;
  /** Shapes pushed out by the LRU bound. */
  readonly evictions: number;
  /** Messages mined on a prefix (over `miner.maxLineLength` characters or `miner.maxTokensPerLine` words). */
  readonly truncatedLines: number;
  readonly truncatedTokens: number;
}

/** Everything one run found: what the Markdown, JSON and HTML renderers render. */
export interface Report {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly tool: { readonly name: "log-gardener"; readonly version: string };
  readonly generatedAt: string;
  readonly window: RunWindow;
  readonly query: RunQuery;
  readonly sources: readonly SourceResult[];
  /** True when every source read completely. */
  readonly complete: boolean;
  readonly totals: StageStats;
  /** What the miner held and what its bounds cut: evicted shapes' lines still count, but their templates are gone. */
  readonly miner?: MinerFigures;
  readonly services: readonly CountByName[];
  readonly projects: readonly CountByName[];
  readonly revisions: readonly CountByName[];
  /** Kept entries per minute by severity, for the timeline. */
  readonly timeline: readonly SeverityMinute[];
  /** Ordered by priority, then count. */
  readonly clusters: readonly JudgedCluster[];
  readonly tracker?: TrackerOutcome;
  /** One per configured sink: sent, previewed (dry run), failed (with why), or nothing to send. */
  readonly notifications?: readonly NotificationOutcome[];
}
