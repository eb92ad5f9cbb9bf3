// Executes a tracker plan. Creations are write-then-verify: after a 5xx or a lost response the
// issue or comment may exist anyway (GitHub sometimes answers 502 after writing), so we look for it
// by its marker before trying again. Updates are PATCHes, safe to repeat, retried by the client.
import type { PlannedAction, TrackerActionOutcome, TrackerPlan, TrackerWrite } from "../model/tracker.js";
import { fillRelatedNumbers, stripRelatedPlaceholders } from "./issue-text.js";
import { parseCommentMarker, parseIssueMarker } from "./marker.js";
import type { Tracker, TrackerIssue } from "./tracker.js";
import { isOurIssue, isTrackerRefusal, isUncertainWriteError, LabelsDroppedError } from "./tracker.js";

export interface ApplyOptions {
  /** Attempts per creation, each after checking that the previous one did not land. */
  readonly createAttempts: number;
  readonly now: Date;
  /** The bot label: with our account as author, what makes an issue ours. */
  readonly label: string;
  /**
   * The newest issue number just before the bot issues were listed: an issue above it that our
   * account filed with a cluster's marker was filed after the listing, by this run or a concurrent one.
   */
  readonly listedUpTo: number;
  /** Consecutive problems whose writes failed after retries before the rest of the run is deferred (GitHub is down, not one issue). */
  readonly maxConsecutiveFailures?: number;
  /** Called after every write that landed. */
  readonly onWrite?: (write: TrackerWrite) => void;
  /** Stops the run before its next write (Ctrl-C); what landed stays, and the next run picks up from there. */
  readonly signal?: AbortSignal;
}

/** The result of one action's writes. */
type ActionResult =
  | { readonly kind: "done"; readonly issue?: TrackerIssue; readonly notes: readonly string[] }
  | {
      readonly kind: "failed";
      readonly error: string;
      readonly notes: readonly string[];
      readonly rateLimitedUntil?: string;
      readonly rateLimited: boolean;
      /** Every later write would fail the same way (labels dropped): the rest of the run is deferred with this reason. */
      readonly haltsRun?: string;
    };

/** One line for an error from the tracker: the HTTP status, or the connection failure underneath `fetch failed`. */
export function trackerErrorText(error: unknown): string {
  const status = (error as { status?: unknown } | null)?.status;
  const message = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "unknown error";
  const cause = connectionCause(error);
  if (cause) return cause;
  // A proxy's 502 page says nothing the status does not.
  const said = /^\s*</.test(message) ? "" : `: ${message}`;
  return typeof status === "number" ? `HTTP ${status}${said}` : message;
}

/** `connect ECONNREFUSED 127.0.0.1:443`, `getaddrinfo ENOTFOUND host`, … from the cause chain of a failed fetch. */
function connectionCause(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z]+$|^UND_ERR/.test(code)) return `${(current as Error).message ?? code}`.split("\n")[0];
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isRateLimited(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return status === 429 || (status === 403 && /rate limit/i.test(error instanceof Error ? error.message : ""));
}

/** When GitHub's primary rate limit resets (x-ratelimit-reset, epoch seconds), as ISO time. */
export function rateLimitResetOf(error: unknown): string | undefined {
  const headers = (error as { response?: { headers?: Record<string, unknown> } } | null)?.response?.headers ?? {};
  const reset = Number(headers["x-ratelimit-reset"]);
  return headers["x-ratelimit-remaining"] === "0" && Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000).toISOString() : undefined;
}

/** Open issues our account filed with this cluster's marker, oldest first. */
function openFiledByUs(issues: readonly TrackerIssue[], fingerprint: string): TrackerIssue[] {
  return issues.filter((i) => i.createdByUs && i.state === "open" && parseIssueMarker(i.body)?.fingerprint === fingerprint).sort((a, b) => a.number - b.number);
}

/** Ours (our account, our label) and open, with this cluster's marker; oldest first. */
function ourOpenIssueOf(issues: readonly TrackerIssue[], fingerprint: string, label: string): TrackerIssue[] {
  return openFiledByUs(issues, fingerprint).filter((i) => isOurIssue(i, label));
}

/**
 * Our issue came back without our label (no push access): it is closed again, so no unlabelled
 * issue is left open for a person to wonder about, and the run stops, since every creation would
 * go the same way and a later run could not tell the issue from anyone's.
 */
async function refuseUnlabelled(tracker: Tracker, issue: TrackerIssue, label: string): Promise<never> {
  let closed = false;
  try {
    await tracker.createComment(issue.number, `Closed: log-gardener filed this without its \`${label}\` label, because its token may not set labels here (labels need push access). Give the token write access to the repository; the next run files this problem again, labelled.`);
    await tracker.updateIssue(issue.number, { state: "closed", stateReason: "not_planned" });
    closed = true;
  } catch (error) {
    if (isTrackerRefusal(error)) throw error;
  }
  throw new LabelsDroppedError(issue.number, label, closed);
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
        notes.push(`The response was lost (${trackerErrorText(error)}), but the write had landed`);
        return found;
      }
      notes.push(`Attempt ${attempt} failed (${trackerErrorText(error)}) and did not land`);
    }
  }
  throw lastError;
}

/**
 * Creates a cluster's issue so that two runs at once (two machines share no lock) leave one:
 * before, an issue another run filed since the listing is taken instead; after, if an older one
 * with the same fingerprint appeared meanwhile, ours is closed as its duplicate. Both runs see the
 * same numbers, so both keep the older.
 */
async function createIssueOnce(tracker: Tracker, write: Extract<TrackerWrite, { op: "create-issue" }>, body: string, options: ApplyOptions, notes: string[]): Promise<TrackerIssue> {
  const [already] = ourOpenIssueOf(await tracker.listIssuesAfter(options.listedUpTo), write.fingerprint, options.label);
  if (already) {
    notes.push(`#${already.number} was filed for this cluster since the listing (another run): used it`);
    return already;
  }
  const created = await createVerified(
    options.createAttempts,
    () => tracker.createIssue({ title: write.title, body, labels: write.labels, ...(write.assignees?.length ? { assignees: write.assignees } : {}) }),
    // What a lost creation left, with or without our label: one GitHub filed unlabelled is refused below, not filed again.
    async () => openFiledByUs(await tracker.listIssuesAfter(options.listedUpTo), write.fingerprint)[0],
    notes,
  );
  if (!created.labels.includes(options.label)) await refuseUnlabelled(tracker, created, options.label);
  let oldest: TrackerIssue | undefined;
  try {
    [oldest] = ourOpenIssueOf(await tracker.listIssuesAfter(options.listedUpTo), write.fingerprint, options.label);
  } catch (error) {
    if (isTrackerRefusal(error)) throw error;
    // The issue exists: report it as created. Should a twin exist, the next run's listing shows both and keeps the older.
    notes.push(`Could not check for a twin filed at the same moment (${trackerErrorText(error)})`);
    return created;
  }
  if (!oldest || oldest.number >= created.number) return created;
  await tracker.createComment(created.number, `Duplicate of #${oldest.number}: two log-gardener runs filed this problem at the same moment; the older issue is kept.`);
  await tracker.updateIssue(created.number, { state: "closed", stateReason: "duplicate" });
  notes.push(`#${oldest.number} was filed by another run at the same moment: #${created.number} closed as its duplicate`);
  return oldest;
}

async function runWrites(tracker: Tracker, action: PlannedAction, options: ApplyOptions, issueOf: Map<string, number>, bodies: Map<PlannedAction, string>): Promise<ActionResult> {
  const notes: string[] = [];
  let issue: TrackerIssue | undefined;
  try {
    for (const write of action.writes) {
      options.signal?.throwIfAborted();
      switch (write.op) {
        case "create-issue": {
          // Related clusters without an issue yet lose their placeholder: a run that stops before
          // filling it in leaves a plain name, never a dangling marker.
          const body = stripRelatedPlaceholders(fillRelatedNumbers(write.body, (fp) => issueOf.get(fp)));
          bodies.set(action, body);
          issue = await createIssueOnce(tracker, write, body, options, notes);
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
    if (isTrackerRefusal(error)) throw error;
    if (error instanceof LabelsDroppedError) return { kind: "failed", error: error.message, notes, rateLimited: false, haltsRun: error.message };
    const resetAt = rateLimitResetOf(error);
    return { kind: "failed", error: trackerErrorText(error), notes, rateLimited: isRateLimited(error), ...(resetAt ? { rateLimitedUntil: resetAt } : {}) };
  }
}

/**
 * An action's outcome: its head and details, then `fields` (which may replace them). Assigned onto a
 * fresh object rather than spread (`{ ...base, status }`): V8 gave each spread copy a hidden class
 * of its own, ~300 bytes an outcome (a heap snapshot of a run of 20,000 one-off problems held 19,000).
 */
function outcomeOf(action: PlannedAction, fields: Pick<TrackerActionOutcome, "status"> & Partial<TrackerActionOutcome>): TrackerActionOutcome {
  const head: Omit<TrackerActionOutcome, "status"> = {
    fingerprint: action.fingerprint,
    kind: action.kind,
    title: action.title,
    priority: action.priority,
    category: action.category,
    issue: action.issue,
    details: action.details,
  };
  return Object.assign(head, fields);
}

/** What a plan would do, without doing it (the dry run). */
export function plannedOutcomes(plan: TrackerPlan): TrackerActionOutcome[] {
  return plan.actions.map((action) => outcomeOf(action, { status: action.kind === "defer" ? "deferred" : action.writes.length === 0 ? "unchanged" : "planned" }));
}

/** What a run's tracker writes came to: the outcomes, and why the phase stopped early if it did. */
export interface AppliedPlan {
  readonly actions: TrackerActionOutcome[];
  readonly halted?: { readonly reason: string; readonly resetAt?: string };
}

export async function applyPlan(tracker: Tracker, plan: TrackerPlan, options: ApplyOptions): Promise<AppliedPlan> {
  const outcomes: TrackerActionOutcome[] = [];
  let halted: { reason: string; resetAt?: string } | undefined;
  let consecutiveFailures = 0;
  const maxConsecutiveFailures = options.maxConsecutiveFailures ?? 3;
  // Issues known so far in this run, so a new issue can link one created a moment earlier.
  const issueOf = new Map<string, number>();
  const bodies = new Map<PlannedAction, string>();
  for (const action of plan.actions) if (action.issue) issueOf.set(action.fingerprint, action.issue.number);
  for (const action of plan.actions) {
    if (action.writes.length === 0) {
      outcomes.push(outcomeOf(action, { status: action.kind === "defer" ? "deferred" : "unchanged" }));
      continue;
    }
    if (halted) {
      outcomes.push(outcomeOf(action, { status: "deferred", error: halted.reason }));
      continue;
    }
    const result = await runWrites(tracker, action, options, issueOf, bodies);
    if (result.kind === "failed") {
      consecutiveFailures += 1;
      if (result.haltsRun) {
        halted = { reason: result.haltsRun };
      } else if (result.rateLimited) {
        // A rate limit that outlasted the wait budget: further writes would hit it too.
        halted = {
          reason: result.rateLimitedUntil ? `GitHub rate limit exhausted until ${result.rateLimitedUntil.replace(/\.\d{3}Z$/, "Z")}` : `rate limited (${result.error})`,
          ...(result.rateLimitedUntil ? { resetAt: result.rateLimitedUntil } : {}),
        };
      } else if (consecutiveFailures >= maxConsecutiveFailures) {
        halted = { reason: `the tracker failed ${consecutiveFailures} times in a row (${result.error})` };
      }
      outcomes.push(outcomeOf(action, { status: "failed", error: result.error, details: [...action.details, ...result.notes] }));
      continue;
    }
    consecutiveFailures = 0;
    const issue = result.issue ? { number: result.issue.number, url: result.issue.url } : action.issue;
    if (issue) issueOf.set(action.fingerprint, issue.number);
    outcomes.push(
      outcomeOf(action, {
        issue,
        status: "done",
        details: [...action.details, ...result.notes],
        ...(action.publishesPriority ? { published: { priority: action.publishesPriority, at: options.now.toISOString() } } : {}),
      }),
    );
  }
  if (!halted) {
    try {
      await fillLateRelatedLinks(tracker, plan, outcomes, issueOf, bodies);
    } catch (error) {
      if (isTrackerRefusal(error)) throw error;
      // The bodies hold plain names where the numbers would go: nothing dangling, a later edit can add them.
      halted = { reason: `related links not filled in (${trackerErrorText(error)})` };
    }
  }
  return { actions: outcomes, ...(halted ? { halted } : {}) };
}

/**
 * A new issue may link a cluster whose issue was created later in the same run: the number is
 * added now, with one body edit per such issue, and only to a body nobody has edited since.
 */
async function fillLateRelatedLinks(tracker: Tracker, plan: TrackerPlan, outcomes: readonly TrackerActionOutcome[], issueOf: ReadonlyMap<string, number>, bodies: ReadonlyMap<PlannedAction, string>): Promise<void> {
  for (const [index, action] of plan.actions.entries()) {
    const outcome = outcomes[index];
    const write = action.writes.find((w) => w.op === "create-issue");
    const sent = bodies.get(action);
    if (!write || sent === undefined || outcome?.status !== "done" || !outcome.issue) continue;
    // Only bodies that name a cluster which has an issue now can change; others cost no request.
    const filled = stripRelatedPlaceholders(fillRelatedNumbers(write.body, (fp) => issueOf.get(fp)));
    if (filled === sent) continue;
    const created = await tracker.getIssue(outcome.issue.number);
    if (created && created.body === sent) await tracker.updateIssue(created.number, { body: filled });
  }
}
