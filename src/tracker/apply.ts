// Executes a tracker plan. Creations are write-then-verify: after a 5xx or a lost response the
// issue or comment may exist anyway (GitHub sometimes answers 502 after writing), so we look for it
// by its marker before trying again. Updates are PATCHes, safe to repeat, retried by the client.
import type { PlannedAction, TrackerActionOutcome, TrackerPlan, TrackerWrite } from "../model/tracker.js";
import { fillRelatedNumbers } from "./issue-text.js";
import { parseCommentMarker, parseIssueMarker } from "./marker.js";
import type { Tracker, TrackerIssue } from "./tracker.js";
import { isUncertainWriteError } from "./tracker.js";

export interface ApplyOptions {
  /** Attempts per creation, each after checking that the previous one did not land. */
  readonly createAttempts: number;
  readonly now: Date;
  /** Issues listed before planning: an issue not among them that carries the marker is one we just created. */
  readonly knownIssueNumbers: ReadonlySet<number>;
  /** Called after every write that landed. */
  readonly onWrite?: (write: TrackerWrite) => void;
  /** Stops the run before its next write (Ctrl-C); what landed stays, and the next run picks up from there. */
  readonly signal?: AbortSignal;
}

/** The result of one action's writes. */
type ActionResult =
  | { readonly kind: "done"; readonly issue?: TrackerIssue; readonly notes: readonly string[] }
  | { readonly kind: "failed"; readonly error: string; readonly notes: readonly string[]; readonly rateLimited: boolean };

function errorText(error: unknown): string {
  const status = (error as { status?: unknown } | null)?.status;
  const message = error instanceof Error ? error.message : String(error);
  return typeof status === "number" ? `HTTP ${status}: ${message.split("\n")[0]}` : message.split("\n")[0] ?? "unknown error";
}

function isRateLimited(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return status === 429 || (status === 403 && /rate limit/i.test(error instanceof Error ? error.message : ""));
}

/** Newest issues checked after a lost creation: more than concurrent humans file in the seconds it takes. */
const RECENT_ISSUES_CHECKED = 30;

async function findCreatedIssue(tracker: Tracker, fingerprint: string, knownBefore: ReadonlySet<number>): Promise<TrackerIssue | undefined> {
  const issues = await tracker.listRecentIssues(RECENT_ISSUES_CHECKED);
  return issues.find((i) => i.state === "open" && !knownBefore.has(i.number) && parseIssueMarker(i.body)?.fingerprint === fingerprint);
}

async function commentLanded(tracker: Tracker, issueNumber: number, digest: string): Promise<boolean> {
  const comments = await tracker.listComments(issueNumber);
  return comments.some((c) => parseCommentMarker(c.body)?.runs.some((r) => r.digest === digest) ?? false);
}

/** Runs one creation with verification between attempts. */
async function createVerified<T>(attempts: number, write: () => Promise<T>, landed: () => Promise<T | undefined>, notes: string[]): Promise<T> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (!isUncertainWriteError(error)) throw error;
      lastError = error;
      const found = await landed();
      if (found !== undefined) {
        notes.push(`The response was lost (${errorText(error)}), but the write had landed`);
        return found;
      }
      notes.push(`Attempt ${attempt} failed (${errorText(error)}) and did not land`);
    }
  }
  throw lastError;
}

async function runWrites(tracker: Tracker, action: PlannedAction, options: ApplyOptions, issueOf: Map<string, number>): Promise<ActionResult> {
  const notes: string[] = [];
  let issue: TrackerIssue | undefined;
  try {
    for (const write of action.writes) {
      options.signal?.throwIfAborted();
      switch (write.op) {
        case "create-issue": {
          const knownBefore = options.knownIssueNumbers;
          issue = await createVerified(
            options.createAttempts,
            () => tracker.createIssue({ title: write.title, body: fillRelatedNumbers(write.body, (fp) => issueOf.get(fp)), labels: write.labels, ...(write.assignees?.length ? { assignees: write.assignees } : {}) }),
            () => findCreatedIssue(tracker, write.fingerprint, knownBefore),
            notes,
          );
          break;
        }
        case "update-issue":
          issue = await tracker.updateIssue(write.issueNumber, write.patch);
          break;
        case "create-comment":
          await createVerified(
            options.createAttempts,
            async () => {
              await tracker.createComment(write.issueNumber, write.body);
              return true;
            },
            async () => ((await commentLanded(tracker, write.issueNumber, write.digest)) ? true : undefined),
            notes,
          );
          break;
        case "edit-comment":
          await tracker.updateComment(write.commentId, write.body);
          break;
      }
      options.onWrite?.(write);
    }
    return { kind: "done", issue, notes };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return { kind: "failed", error: errorText(error), notes, rateLimited: isRateLimited(error) };
  }
}

function baseOutcome(action: PlannedAction): Omit<TrackerActionOutcome, "status"> {
  return {
    fingerprint: action.fingerprint,
    kind: action.kind,
    title: action.title,
    priority: action.priority,
    category: action.category,
    issue: action.issue,
    details: action.details,
  };
}

/** What a plan would do, without doing it (the dry run). */
export function plannedOutcomes(plan: TrackerPlan): TrackerActionOutcome[] {
  return plan.actions.map((action) => ({
    ...baseOutcome(action),
    status: action.kind === "defer" ? "deferred" : action.writes.length === 0 ? "unchanged" : "planned",
  }));
}

export async function applyPlan(tracker: Tracker, plan: TrackerPlan, options: ApplyOptions): Promise<TrackerActionOutcome[]> {
  const outcomes: TrackerActionOutcome[] = [];
  let halted: string | undefined;
  // Issues known so far in this run, so a new issue can link one created a moment earlier.
  const issueOf = new Map<string, number>();
  for (const action of plan.actions) if (action.issue) issueOf.set(action.fingerprint, action.issue.number);
  for (const action of plan.actions) {
    const base = baseOutcome(action);
    if (action.writes.length === 0) {
      outcomes.push({ ...base, status: action.kind === "defer" ? "deferred" : "unchanged" });
      continue;
    }
    if (halted) {
      outcomes.push({ ...base, status: "failed", error: `not attempted: ${halted}` });
      continue;
    }
    const result = await runWrites(tracker, action, options, issueOf);
    if (result.kind === "failed") {
      // A rate limit that outlasted the wait budget: further writes would hit it too.
      if (result.rateLimited) halted = `rate limited (${result.error})`;
      outcomes.push({ ...base, status: "failed", error: result.error, details: [...base.details, ...result.notes] });
      continue;
    }
    const issue = result.issue ? { number: result.issue.number, url: result.issue.url } : action.issue;
    if (issue) issueOf.set(action.fingerprint, issue.number);
    outcomes.push({
      ...base,
      issue,
      status: "done",
      details: [...base.details, ...result.notes],
      ...(action.publishesPriority ? { published: { priority: action.publishesPriority, at: options.now.toISOString() } } : {}),
    });
  }
  if (!halted) await fillLateRelatedLinks(tracker, plan, outcomes, issueOf);
  return outcomes;
}

/**
 * A new issue may link a cluster whose issue was created later in the same run: its placeholder is
 * filled now, with one body edit per such issue (a re-run finds nothing left to fill, so no writes).
 */
async function fillLateRelatedLinks(tracker: Tracker, plan: TrackerPlan, outcomes: readonly TrackerActionOutcome[], issueOf: ReadonlyMap<string, number>): Promise<void> {
  for (const [index, action] of plan.actions.entries()) {
    const outcome = outcomes[index];
    const write = action.writes.find((w) => w.op === "create-issue");
    if (!write || outcome?.status !== "done" || !outcome.issue) continue;
    // Only bodies that name a cluster which has an issue now can change; others cost no request.
    if (fillRelatedNumbers(write.body, (fp) => issueOf.get(fp)) === write.body) continue;
    const created = await tracker.getIssue(outcome.issue.number);
    if (!created) continue;
    const filled = fillRelatedNumbers(created.body, (fp) => issueOf.get(fp));
    if (filled !== created.body) await tracker.updateIssue(created.number, { body: filled });
  }
}
