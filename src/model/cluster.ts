import type { SourceLocation } from "./entry.js";
import type { Severity } from "./severity.js";

/** One template inside an issue cluster. */
export interface ClusterTemplate {
  readonly templateId: string;
  /** Fingerprint of this template alone; an issue cluster merges several and keeps them as aliases. */
  readonly fingerprint: string;
  readonly template: string;
  readonly firstTemplate: string;
  readonly count: number;
  readonly maxSeverity: Severity;
  readonly source?: SourceLocation;
}

export interface CountByName {
  readonly name: string;
  readonly count: number;
  readonly firstSeen?: string;
}

/** The label of a minute (minutes since the epoch) as MinuteCount and timelines write it: `YYYY-MM-DDTHH:MMZ`. */
export function minuteLabel(epochMinute: number): string {
  return `${new Date(epochMinute * 60_000).toISOString().slice(0, 16)}Z`;
}

export interface MinuteCount {
  /** `YYYY-MM-DDTHH:MMZ` in UTC (see minuteLabel). */
  readonly minute: string;
  readonly count: number;
}

/** Exact figures for one cluster over the window. */
export interface ClusterStats {
  readonly count: number;
  readonly severityCounts: Readonly<Partial<Record<Severity, number>>>;
  readonly maxSeverity: Severity;
  readonly firstSeen?: string;
  readonly lastSeen?: string;
  /** Sparse per-minute counts, sorted by minute. */
  readonly perMinute: readonly MinuteCount[];
  readonly peakMinute?: MinuteCount;
  readonly distinctUsers: number;
  readonly distinctConnections: number;
  /** A few of each (already masked tokens), for the report. */
  readonly exampleUsers: readonly string[];
  readonly exampleConnections: readonly string[];
  readonly revisions: readonly CountByName[];
  /** The revision of the earliest entry in this window. */
  readonly firstRevision?: string;
  readonly instances: number;
  /** Instances on which it logged at ERROR or above: the "most instances" rule counts errors, not warnings. */
  readonly errorInstances: number;
  readonly errorTypes: readonly CountByName[];
  readonly httpStatuses: readonly CountByName[];
  /** Trace ids seen (bounded), for linking clusters that share a request. */
  readonly traces: readonly string[];
}

/** One template of a problem as the issue and the worklog list it: what was logged, how often, what share. */
export interface ProblemSymptom {
  /** The template's own fingerprint (one of the problem's aliases). */
  readonly fingerprint: string;
  readonly template: string;
  readonly kind: "log" | "http";
  readonly count: number;
  /** count / the problem's count, 0..1. */
  readonly share: number;
  readonly maxSeverity: Severity;
  readonly source?: SourceLocation;
  readonly firstSeen?: string;
  readonly lastSeen?: string;
}

/**
 * What a problem is beyond its figures: the template that states its cause (it names the problem and
 * roots its fingerprint), the symptoms it showed, and where and when. Merge reasons stay on the cluster.
 */
export interface ProblemFacts {
  /** The root template: the stated cause (an exception, an import error, a failed dependency) where there is one, else the earliest, most specific template. */
  readonly cause: ProblemSymptom;
  /** Whether `cause` states a cause (true) or is only the earliest, most specific template (false). */
  readonly causeStated: boolean;
  /** Every template, the cause included, most entries first. */
  readonly symptoms: readonly ProblemSymptom[];
  /** `METHOD route` affected (request logs and entries with an httpRequest), most entries first. */
  readonly routes: readonly CountByName[];
  /** HTTP statuses affected, most entries first (also in stats.httpStatuses). */
  readonly statuses: readonly CountByName[];
  /** Instances with the most entries (bounded; stats.instances has the distinct count). */
  readonly instances: readonly CountByName[];
  /** Revisions with entries, most first (also in stats.revisions). */
  readonly revisions: readonly CountByName[];
  /** First and last entry of the problem in this window (RFC 3339, UTC). */
  readonly startedAt?: string;
  readonly stoppedAt?: string;
}

/** One real problem: the templates that belong together, with a fingerprint that stays the same across runs. */
export interface IssueCluster {
  /** `lgfp` + 16 hex digits: one alphanumeric token, so a quoted search for it is exact. */
  readonly fingerprint: string;
  /** Fingerprints of every template merged in (the primary one included). */
  readonly aliases: readonly string[];
  readonly kind: "log" | "http";
  readonly service?: string;
  /** A human-skimmable name, derived from the primary template and location. */
  readonly name: string;
  readonly source?: SourceLocation;
  readonly logger?: string;
  readonly templates: readonly ClusterTemplate[];
  readonly stats: ClusterStats;
  /** Two or three real entries (repaired and redacted), spread over the window. */
  readonly samples: readonly unknown[];
  /** Why these templates were merged, one line each (empty for single-template clusters). */
  readonly mergeReasons: readonly string[];
  /** The problem: cause, symptoms, routes, statuses, instances, revisions, start and stop. */
  readonly problem?: ProblemFacts;
}
