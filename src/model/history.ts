import type { Category, Priority } from "./judgement.js";

/** What earlier runs said about one cluster; the judge reads it, the state store keeps it. */
export interface ClusterRunPoint {
  readonly runId: string;
  readonly windowStart?: string;
  readonly windowEnd?: string;
  readonly count: number;
  readonly ratePerMinute: number;
  readonly priority?: Priority;
  /** The priority the rules (and trend) alone gave in that run, before cooldown and hysteresis held it. */
  readonly rulesPriority?: Priority;
}

export interface TrackedIssueRef {
  readonly tracker: "github" | "local";
  readonly number: number;
  readonly url?: string;
  readonly state: "open" | "closed";
  readonly stateReason?: "completed" | "not_planned" | "duplicate" | "reopened" | null;
  readonly closedAt?: string;
  /** When a person reopened the issue (seen by the state sync), so it is not auto-closed again soon after. */
  readonly reopenedByPersonAt?: string;
}

/**
 * An issue as the tracker shows it now (read in the listing before judging): the truth about its state, and what
 * it last published. The judge decides from it; the tracker only writes the verdicts.
 */
export interface PublishedIssue extends TrackedIssueRef {
  readonly title: string;
  readonly labels: readonly string[];
  /** Priority in the title (else the labels, else the marker). */
  readonly priority?: Priority;
  /** When that priority was set (the marker), for the cooldown and the daily limit. */
  readonly priorityAt?: string;
  /** Category in the title (else the labels). */
  readonly category?: Category;
  /** When the title last changed (the marker). */
  readonly titledAt?: string;
}

/** What the tracker says about the clusters, read before judging. */
export interface TrackerState {
  /** Fingerprint (and every alias a marker names) → the issue that tracks it. */
  readonly issues: ReadonlyMap<string, PublishedIssue>;
  /** Fingerprint → the number of an issue the state linked that the tracker no longer has (deleted or transferred). */
  readonly gone: ReadonlyMap<string, number>;
}

export interface ClusterHistory {
  readonly fingerprint: string;
  readonly service?: string;
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
