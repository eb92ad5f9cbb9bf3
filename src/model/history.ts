import type { Priority } from "./judgement.js";

/** What earlier runs said about one cluster; the judge reads it, the state store keeps it. */
export interface ClusterRunPoint {
  readonly runId: string;
  readonly windowStart?: string;
  readonly windowEnd?: string;
  readonly count: number;
  readonly ratePerMinute: number;
  readonly priority?: Priority;
}

export interface TrackedIssueRef {
  readonly tracker: "github" | "local";
  readonly number: number;
  readonly url?: string;
  readonly state: "open" | "closed";
  readonly stateReason?: "completed" | "not_planned" | "duplicate" | "reopened" | null;
  readonly closedAt?: string;
}

export interface ClusterHistory {
  readonly fingerprint: string;
  readonly firstSeen?: string;
  readonly lastSeen?: string;
  readonly firstRevision?: string;
  readonly totalCount: number;
  /** Earlier runs, oldest first (not including the current run). */
  readonly runs: readonly ClusterRunPoint[];
  /** The priority last published and when it was set, for the no-flapping cooldown. */
  readonly lastPriority?: Priority;
  readonly lastPriorityAt?: string;
  readonly issue?: TrackedIssueRef;
}

/** Everything the judge needs from the past, keyed by fingerprint (aliases included). */
export interface RunHistory {
  readonly clusters: ReadonlyMap<string, ClusterHistory>;
  /** Revisions seen in earlier runs with when each was first seen, for "active-dev". */
  readonly revisionsFirstSeen: ReadonlyMap<string, string>;
}

export function emptyHistory(): RunHistory {
  return { clusters: new Map(), revisionsFirstSeen: new Map() };
}
