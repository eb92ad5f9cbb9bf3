import type { IssueCluster } from "./cluster.js";
import type { ProblemLinks } from "./links.js";

export const PRIORITIES = ["P0", "P1", "P2", "P3"] as const;
export type Priority = (typeof PRIORITIES)[number];

export const CATEGORIES = ["new", "regression", "active-dev", "other"] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * The issue verdict for a cluster seen in this run. `reason` is one line for the plan and the worklog.
 * - file: no issue tracks it; refile: its issue was deleted or moved away, so it is filed afresh (once), with a note.
 * - update: its open issue gets the evidence (and a title or labels that follow the verdict).
 * - reopen: its issue was closed as completed and the problem came back after the grace period: a regression.
 * - leave-closed: closed, and only entries within the grace period after the close.
 * - muted: closed as not planned or a duplicate, or carrying the ignore label: a person decided; nothing is written.
 * - ignored: an `ignore` rule holds: counted in the worklog, nothing is written.
 */
export type IssueVerdict =
  | { readonly kind: "file"; readonly reason: string }
  | { readonly kind: "refile"; readonly previous: number; readonly reason: string }
  | { readonly kind: "update"; readonly reason: string }
  | { readonly kind: "reopen"; readonly number: number; readonly reason: string }
  | { readonly kind: "leave-closed"; readonly number: number; readonly reason: string }
  | { readonly kind: "muted"; readonly number?: number; readonly reason: string }
  | { readonly kind: "ignored"; readonly rule: string; readonly reason: string };

/** Ignored by a rule or muted on its issue: the problem needs no one today, and the tracker writes nothing for it. */
export function isSetAside(verdict: IssueVerdict): boolean {
  return verdict.kind === "ignored" || verdict.kind === "muted";
}

/** An open issue whose problem this run did not see: closed when quiet long enough, else left open. */
export interface QuietIssueVerdict {
  readonly fingerprint: string;
  readonly number: number;
  readonly verdict:
    | { readonly kind: "close"; readonly lastSeen?: string; readonly reason: string; readonly comment: string }
    | { readonly kind: "keep-open"; readonly reason: string };
}

/** Rate compared with the cluster's baseline over earlier runs. */
export type Trend =
  | { readonly kind: "new" }
  | { readonly kind: "no_baseline" }
  | { readonly kind: "rising"; readonly baselineRate: number; readonly factor: number }
  | { readonly kind: "steady"; readonly baselineRate: number; readonly factor: number }
  | { readonly kind: "falling"; readonly baselineRate: number; readonly factor: number };

export interface JudgedCluster {
  readonly cluster: IssueCluster;
  readonly priority: Priority;
  /** One line: which rule gave the priority, e.g. `P1: ERROR at 4.2/min (rule error-rate)`. */
  readonly priorityReason: string;
  readonly category: Category;
  readonly categoryReason: string;
  readonly trend: Trend;
  /** Share of kept entries in the run, 0..1. */
  readonly share: number;
  readonly ratePerMinute: number;
  /** The priority the rules and the trend give in this run, before cooldown, hysteresis and the daily limit. */
  readonly rulesPriority: Priority;
  /** Set when the priority is higher than the one last published. */
  readonly escalation?: { readonly from: Priority; readonly reason: string };
  /** Set when the priority is lower than the one last published (after the cooldown and `lowerAfterRuns` calmer runs). */
  readonly lowering?: { readonly from: Priority; readonly reason: string };
  /** Set when the rules say another priority but the cooldown, the hysteresis or the daily limit holds the published one; `until` is the earliest it may change. */
  readonly heldPriority?: { readonly rulesSaid: Priority; readonly until: string };
  /** What the issue's title and labels should show: the category waits when the title changed within a day. */
  readonly shown: { readonly priority: Priority; readonly category: Category; readonly retitleHeld?: string };
  /** What to do with the cluster's issue, decided here so the tracker only writes it. */
  readonly issue: IssueVerdict;
  /** Every rule that fired, in order, for the explanation. */
  readonly reasons: readonly string[];
  /** Logs Explorer, trace and source links, computed once by the pipeline for every renderer. */
  readonly links?: ProblemLinks;
}
