import type { Category, Priority } from "./judgement.js";

/** What the tracker did, or plans to do, for one cluster; the worklog records one per cluster. */
/**
 * `close-duplicate`: a newer issue found to be the same problem as an older one is closed as its duplicate (never deleted);
 * `close`: a problem quiet for the configured days of complete reads is closed as completed.
 */
export type TrackerActionKind = "create" | "comment" | "edit-comment" | "update" | "reopen" | "close-duplicate" | "close" | "defer" | "none";

/** What a planned action and its outcome both say about a cluster's issue. */
export interface TrackerActionHead {
  readonly fingerprint: string;
  readonly kind: TrackerActionKind;
  readonly title: string;
  readonly priority: Priority;
  readonly category: Category;
  readonly issue?: { readonly number: number; readonly url?: string };
}

export interface TrackerActionOutcome extends TrackerActionHead {
  /** planned: dry run; done: written; failed: the write failed (see error); deferred: over the creation cap. */
  readonly status: "planned" | "done" | "failed" | "deferred" | "unchanged";
  /** One line each: what changed and why (retitled P2→P1: rate 3.1× baseline; reopened: recurred after 9 days). */
  readonly details: readonly string[];
  readonly error?: string;
  /** The priority this run published on the issue (status done), for the state store's cooldown. */
  readonly published?: { readonly priority: Priority; readonly at: string };
}

export interface TrackerOutcome {
  readonly tracker: "github" | "local";
  readonly repo?: string;
  /** Where the GitHub token came from (GITHUB_TOKEN, GH_TOKEN, gh auth token); never the value. */
  readonly tokenSource?: string;
  readonly dryRun: boolean;
  readonly actions: readonly TrackerActionOutcome[];
  /** Requests made to the tracker's API, by kind (reads, writes, search), for the worklog. */
  readonly requests: Readonly<Record<string, number>>;
  /**
   * Set when the tracker phase stopped short (GitHub unreachable, failing after retries, or out of
   * rate limit): what happened, in one line that names the host and what to check. The actions
   * not written are `failed` or `deferred` with the reason; the next run picks them up.
   */
  readonly incomplete?: { readonly reason: string; readonly resetAt?: string };
}

// --- plans: what the tracker will write, computed by a pure planner and executed by apply ---------

export type IssueStateReason = "completed" | "not_planned" | "duplicate" | "reopened";

/** Like `PATCH /issues/{n}`: `labels` replaces the set; `stateReason` only counts when `state` changes. */
export interface IssuePatch {
  readonly title?: string;
  readonly body?: string;
  readonly labels?: readonly string[];
  readonly state?: "open" | "closed";
  readonly stateReason?: IssueStateReason | null;
}

/** One write to the tracker. Creations carry what identifies them, so a lost response can be checked before retrying. */
export type TrackerWrite =
  | { readonly op: "create-issue"; readonly title: string; readonly body: string; readonly labels: readonly string[]; readonly fingerprint: string; readonly assignees?: readonly string[] }
  | { readonly op: "update-issue"; readonly issueNumber: number; readonly patch: IssuePatch }
  | { readonly op: "create-comment"; readonly issueNumber: number; readonly body: string; readonly digest: string }
  | { readonly op: "edit-comment"; readonly issueNumber: number; readonly commentId: number; readonly body: string };

/** What the planner decided for one cluster: the principal kind, the writes in order, and why. */
export interface PlannedAction extends TrackerActionHead {
  readonly writes: readonly TrackerWrite[];
  readonly details: readonly string[];
  /** Set when these writes publish a priority (create, retitle or relabel), for the state store's cooldown. */
  readonly publishesPriority?: Priority;
}

export interface TrackerPlan {
  readonly actions: readonly PlannedAction[];
}
