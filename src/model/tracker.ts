import type { Category, Priority } from "./judgement.js";

/** What the tracker did, or plans to do, for one cluster; the worklog records one per cluster. */
export type TrackerActionKind = "create" | "comment" | "edit-comment" | "update" | "reopen" | "defer" | "none";

export interface TrackerActionOutcome {
  readonly fingerprint: string;
  readonly kind: TrackerActionKind;
  readonly title: string;
  readonly priority: Priority;
  readonly category: Category;
  readonly issue?: { readonly number: number; readonly url?: string };
  /** planned: dry run; done: written; failed: the write failed (see error); deferred: over the creation cap. */
  readonly status: "planned" | "done" | "failed" | "deferred" | "unchanged";
  /** One line each: what changed and why (retitled P2→P1: rate 3.1× baseline; reopened: recurred after 9 days). */
  readonly details: readonly string[];
  readonly error?: string;
}

export interface TrackerOutcome {
  readonly tracker: "github" | "local";
  readonly repo?: string;
  readonly dryRun: boolean;
  readonly actions: readonly TrackerActionOutcome[];
  /** Requests made to the tracker's API, by kind (reads, writes, search), for the worklog. */
  readonly requests: Readonly<Record<string, number>>;
}
