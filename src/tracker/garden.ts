// The tracker stage: find each cluster's issue, plan, then apply (or only plan, in a dry run).
import type { RunHistory } from "../model/history.js";
import type { JudgedCluster, QuietIssueVerdict } from "../model/judgement.js";
import type { PlannedAction, TrackerActionOutcome, TrackerOutcome, TrackerPlan } from "../model/tracker.js";
import type { RunWindow } from "../model/window.js";
import type { StateStore } from "../state/store.js";
import { applyPlan, plannedOutcomes, rateLimitResetOf, trackerErrorText } from "./apply.js";
import { ownersOf, type Codeowners } from "./codeowners.js";
import type { RelatedLink } from "./issue-text.js";
import { parseIssueMarker } from "./marker.js";
import type { FoundIssue, PlanOptions } from "./plan.js";
import { evidenceDigest, planTracker } from "./plan.js";
import { readTrackerState, type TrackerReading } from "./read-state.js";
import { RelatedIndex, relatedSearchPhrase } from "./related.js";
import type { Tracker, TrackerIssue } from "./tracker.js";
import { isTrackerRefusal } from "./tracker.js";
import { terminalText } from "../report/escape.js";

export interface TrackerOptions {
  readonly dryRun: boolean;
  readonly maxNewIssues: number;
  readonly onRegression: "reopen" | "new-issue";
  readonly label: string;
  readonly now: Date;
  /** The tracker reading the judge decided from (readTrackerState); read again when absent. */
  readonly reading?: TrackerReading;
  /** The judge's verdicts on open issues this run did not see (auto-close). */
  readonly quiet?: readonly QuietIssueVerdict[];
  readonly maxSearchesPerRun?: number;
  readonly createAttempts?: number;
  /** tracker.maxConsecutiveFailures: problems failing in a row before the rest are deferred. */
  readonly maxConsecutiveFailures?: number;
  readonly maxSamples?: number;
  readonly maxBodyChars?: number;
  /** judge.baselineRuns, for loading history when none is passed. */
  readonly baselineRuns?: number;
  /** The history the judge used; loaded from the store when absent. */
  readonly history?: RunHistory;
  /** Called after every write that landed. */
  readonly onWrite?: Parameters<typeof applyPlan>[2]["onWrite"];
  /** Aborting stops the run before its next write. */
  readonly signal?: AbortSignal;
  /** Extra labels and assignees for the issues created for a cluster (routing). */
  readonly routeOf?: (judged: JudgedCluster) => { readonly labels: readonly string[]; readonly assignees: readonly string[] } | undefined;
  /** The CODEOWNERS file of a tracker's repository (codeownersReader: once per repository per run), for new issues' assignees. */
  readonly codeowners?: (tracker: Tracker) => Promise<Codeowners | undefined>;
  /** The repository path of a problem's source file, which CODEOWNERS is matched against. */
  readonly sourcePathOf?: (judged: JudgedCluster) => string | undefined;
}

/** GitHub takes at most 10 assignees on an issue. */
const MAX_ASSIGNEES = 10;

/** What CODEOWNERS says for one new issue: logins to assign, and the plan's lines saying why (or why not). */
interface OwnersNote {
  readonly logins: readonly string[];
  readonly details: readonly string[];
}

function createsIssue(action: PlannedAction): boolean {
  return action.writes.some((w) => w.op === "create-issue");
}

/** Routed labels and assignees, and CODEOWNERS' assignees, go on creations only: later runs keep labels they did not set. */
function withRoutes(plan: TrackerPlan, judged: readonly JudgedCluster[], routeOf: TrackerOptions["routeOf"], owners: ReadonlyMap<string, OwnersNote>): TrackerPlan {
  const byFingerprint = new Map(judged.map((j) => [j.cluster.fingerprint, j]));
  return {
    actions: plan.actions.map((action) => {
      if (!createsIssue(action)) return action;
      const j = byFingerprint.get(action.fingerprint);
      const route = j && routeOf ? routeOf(j) : undefined;
      const fromOwners = owners.get(action.fingerprint);
      if (!route && !fromOwners) return action;
      const assignees = [...new Set([...(route?.assignees ?? []), ...(fromOwners?.logins ?? [])])].slice(0, MAX_ASSIGNEES);
      const writes = action.writes.map((w) =>
        w.op === "create-issue" ? { ...w, labels: [...new Set([...w.labels, ...(route?.labels ?? [])])], ...(assignees.length > 0 ? { assignees } : {}) } : w,
      );
      const routed = route && route.assignees.length > 0 ? [`Assigned to ${route.assignees.join(", ")} (routing)`] : [];
      return { ...action, writes, details: [...action.details, ...routed, ...(fromOwners?.details ?? [])] };
    }),
  };
}

/** CODEOWNERS' verdict for each problem an issue is about to be created for, read once for the repository. */
async function codeownersNotes(tracker: Tracker, plan: TrackerPlan, judged: readonly JudgedCluster[], options: TrackerOptions): Promise<Map<string, OwnersNote>> {
  const notes = new Map<string, OwnersNote>();
  const { codeowners, sourcePathOf } = options;
  if (!codeowners || !sourcePathOf) return notes;
  const creating = new Set(plan.actions.filter(createsIssue).map((a) => a.fingerprint));
  const paths = new Map(judged.filter((j) => creating.has(j.cluster.fingerprint)).flatMap((j) => {
    const path = sourcePathOf(j);
    return path ? [[j.cluster.fingerprint, path] as const] : [];
  }));
  if (paths.size === 0) return notes;
  let file: Codeowners | undefined;
  try {
    file = await codeowners(tracker);
  } catch (error) {
    // Assignees are a courtesy: the issues are filed without them, and the plan says so.
    const status = (error as { status?: unknown } | null)?.status;
    const line = `CODEOWNERS could not be read (${trackerErrorText(error)}${status === 403 ? "; the token needs contents: read" : ""}): filed without its assignees`;
    for (const fp of paths.keys()) notes.set(fp, { logins: [], details: [line] });
    return notes;
  }
  if (!file) return notes;
  for (const [fp, path] of paths) {
    const verdict = ownersOf(file, path);
    if (!verdict) continue;
    const details: string[] = [];
    if (verdict.logins.length > 0) details.push(`Assigned to ${verdict.logins.join(", ")} (${file.path}: ${verdict.pattern} owns ${path})`);
    if (verdict.unassignable.length > 0) details.push(`${file.path} also names ${verdict.unassignable.join(", ")} for ${path}: teams and emails cannot be assigned to an issue, so they are not`);
    notes.set(fp, { logins: verdict.logins, details });
  }
  return notes;
}

export interface GardenContext {
  readonly store: StateStore;
  readonly run: { readonly window: RunWindow; readonly runId: string };
  readonly options: TrackerOptions;
}

/** Every default below mirrors the tracker and judge config sections, where the reasons are written. */
function planOptions(options: TrackerOptions): PlanOptions {
  return {
    now: options.now,
    label: options.label,
    maxNewIssues: options.maxNewIssues,
    onRegression: options.onRegression,
    maxSamples: options.maxSamples ?? 3,
    maxBodyChars: options.maxBodyChars ?? 60_000,
  };
}

/** Issues mentioning each cluster's module or function, from one batched search, for new issues' related links. */
async function mentioningIssues(tracker: Tracker, clusters: readonly JudgedCluster[], searchBudget: { left: number }): Promise<Map<string, TrackerIssue[]>> {
  const phraseOf = new Map<string, string>();
  for (const j of clusters) {
    const phrase = relatedSearchPhrase(j.cluster);
    if (phrase) phraseOf.set(j.cluster.fingerprint, phrase);
  }
  const out = new Map<string, TrackerIssue[]>();
  if (phraseOf.size === 0 || searchBudget.left <= 0) return out;
  const result = await tracker.search([...phraseOf.values()], { maxRequests: searchBudget.left });
  searchBudget.left -= result.requests;
  for (const [fp, phrase] of phraseOf) {
    const needle = phrase.toLowerCase();
    out.set(fp, result.issues.filter((i) => parseIssueMarker(i.body)?.fingerprint !== fp && `${i.title}\n${i.body}`.toLowerCase().includes(needle)));
  }
  return out;
}

function isMuted(issue: TrackerIssue): boolean {
  return issue.state === "closed" && (issue.stateReason === "not_planned" || issue.stateReason === "duplicate");
}

/** Why the tracker phase could not finish for one cluster (a read failed after retries). */
type Deferral = { readonly reason: string };

export async function gardenTracker(tracker: Tracker, judged: readonly JudgedCluster[], ctx: GardenContext): Promise<TrackerOutcome> {
  const { options, store } = ctx;
  const history = options.history ?? (await store.loadHistory(judged.map((j) => j.cluster.fingerprint), { baselineRuns: options.baselineRuns ?? 7 }));
  const outcome = (actions: TrackerActionOutcome[], incomplete?: TrackerOutcome["incomplete"]): TrackerOutcome => ({
    tracker: tracker.kind,
    repo: tracker.repo,
    ...(tracker.tokenSource ? { tokenSource: tracker.tokenSource } : {}),
    dryRun: options.dryRun,
    actions,
    requests: tracker.requests(),
    ...(incomplete ? { incomplete } : {}),
  });
  const deferAll = (reason: string, plan = planTracker({ judged, found: new Map(), history, related: new Map(), window: ctx.run.window }, planOptions(options))): TrackerActionOutcome[] =>
    plan.actions.map((a) => ({ fingerprint: a.fingerprint, kind: "defer", title: a.title, priority: a.priority, category: a.category, details: [], status: "deferred", error: reason }));

  let reading: TrackerReading;
  try {
    // The reading the judge decided from; read here only for a caller that judged without one.
    reading =
      options.reading ??
      (await readTrackerState(tracker, judged.map((j) => j.cluster), store, { now: options.now, record: !options.dryRun, maxSearches: options.maxSearchesPerRun ?? 10 }));
  } catch (error) {
    if (isTrackerRefusal(error)) throw error;
    // Without the listing nothing can be matched, so nothing is written: every cluster waits for the next run.
    const reason = `${trackerName(tracker)} could not be read: ${trackerErrorText(error)}`;
    return outcome(deferAll(reason), { reason, ...resetOf(error) });
  }
  const searchBudget = { left: reading.searchesLeft };
  const { matches } = reading;

  // Comments are read only where they can matter: not for muted issues, nor for open ones filed with this very evidence.
  const judgedOf = new Map(judged.map((j) => [j.cluster.fingerprint, j]));
  const found = new Map<string, FoundIssue>();
  const deferred = new Map<string, Deferral>();
  let stopped: { reason: string; resetAt?: string } | undefined;
  for (const [fp, match] of matches) {
    const j = judgedOf.get(fp);
    const filedWithThis = match.issue.state === "open" && j !== undefined && match.marker?.evidence === evidenceDigest(j, ctx.run.window);
    if (stopped) {
      deferred.set(fp, { reason: stopped.reason });
      continue;
    }
    try {
      const comments = isMuted(match.issue) || filedWithThis ? [] : await tracker.listComments(match.issue.number);
      found.set(fp, { ...match, comments });
    } catch (error) {
      if (isTrackerRefusal(error)) throw error;
      // Its issue exists, so planning without its comments could repeat a comment: this cluster waits.
      deferred.set(fp, { reason: `comments of #${match.issue.number} could not be read: ${trackerErrorText(error)}` });
      const resetAt = resetOf(error);
      if (resetAt.resetAt) stopped = { reason: `GitHub rate limit exhausted until ${resetAt.resetAt.replace(/\.\d{3}Z$/, "Z")}`, ...resetAt };
    }
  }

  // Related links go into new issues only, so searches are spent on clusters that will be created.
  const issueOf = new Map<string, TrackerIssue>([...matches].map(([fp, m]) => [fp, m.issue]));
  const toCreate = judged.filter((j) => !deferred.has(j.cluster.fingerprint) && found.get(j.cluster.fingerprint)?.issue.state !== "open");
  let mentioning = new Map<string, TrackerIssue[]>();
  if (!stopped) {
    try {
      mentioning = await mentioningIssues(tracker, toCreate, searchBudget);
    } catch (error) {
      if (isTrackerRefusal(error)) throw error;
      // Related issues are a courtesy: new issues go without them.
    }
  }
  // Worked out only when the plan writes an issue (the creation cap bounds them): it asks once per issue.
  const relatedIndex = new RelatedIndex(judged, ctx.run.window.minutes);
  const creatable = new Map(toCreate.map((j) => [j.cluster.fingerprint, j]));
  const related = {
    get(fingerprint: string): RelatedLink[] | undefined {
      const j = creatable.get(fingerprint);
      return j === undefined ? undefined : relatedIndex.links(j, issueOf, mentioning.get(fingerprint) ?? []);
    },
  };

  const plannable = judged.filter((j) => !deferred.has(j.cluster.fingerprint));
  const planned = planTracker({ judged: plannable, found, history, related, window: ctx.run.window, quiet: options.quiet ?? [], openIssues: reading.openIssues }, planOptions(options));
  const plan = withRoutes(planned, plannable, options.routeOf, stopped ? new Map() : await codeownersNotes(tracker, planned, plannable, options));
  const deferredActions = judged.flatMap((j) => {
    const why = deferred.get(j.cluster.fingerprint);
    if (!why) return [];
    const head = planTracker({ judged: [j], found: new Map(), history, related: new Map(), window: ctx.run.window }, planOptions(options)).actions[0];
    const issue = matches.get(j.cluster.fingerprint)?.issue;
    return head ? [{ fingerprint: head.fingerprint, kind: "defer" as const, title: issue?.title ?? head.title, priority: head.priority, category: head.category, ...(issue ? { issue: { number: issue.number, url: issue.url } } : {}), details: [], status: "deferred" as const, error: why.reason }] : [];
  });
  const firstDeferral = deferred.values().next().value as Deferral | undefined;
  if (options.dryRun) {
    const actions = [...plannedOutcomes(plan), ...deferredActions];
    return outcome(actions, stopped ?? (firstDeferral ? { reason: firstDeferral.reason } : undefined));
  }
  const applied = stopped
    ? { actions: deferAll(stopped.reason, plan), halted: stopped }
    : await applyPlan(tracker, plan, {
        createAttempts: options.createAttempts ?? 3,
        now: options.now,
        label: options.label,
        listedUpTo: reading.listedUpTo,
        ...(options.maxConsecutiveFailures !== undefined ? { maxConsecutiveFailures: options.maxConsecutiveFailures } : {}),
        onWrite: options.onWrite,
        signal: options.signal,
      });
  const actions = [...applied.actions, ...deferredActions];
  // The fingerprint → issue map is a cache that saves lookups next run; the tracker stays the source of truth.
  for (const action of actions) {
    // a closed duplicate is not the problem's issue: the older one it points to is
    if (!action.issue || action.status !== "done" || action.kind === "close-duplicate") continue;
    const issue = found.get(action.fingerprint)?.issue;
    if (action.kind === "close") {
      await store.linkIssue(action.fingerprint, { tracker: tracker.kind, number: action.issue.number, url: action.issue.url, state: "closed", stateReason: "completed", closedAt: options.now.toISOString(), title: action.title });
      continue;
    }
    const ours = action.kind === "reopen" || action.kind === "create";
    // A person's reopening, recorded by the reading, outlives our writes to the open issue: auto-close waits on it.
    const published = reading.state.issues.get(action.fingerprint);
    const reopenedByPersonAt = !ours && published?.number === action.issue.number ? published.reopenedByPersonAt : undefined;
    await store.linkIssue(action.fingerprint, {
      tracker: tracker.kind,
      number: action.issue.number,
      url: action.issue.url,
      state: ours ? "open" : issue?.state ?? "open",
      stateReason: action.kind === "reopen" ? "reopened" : issue?.stateReason ?? null,
      closedAt: ours ? undefined : issue?.closedAt ?? undefined,
      title: action.title,
      ...(reopenedByPersonAt ? { reopenedByPersonAt } : {}),
    });
  }
  const failed = actions.find((a) => a.status === "failed");
  const incomplete = applied.halted
    ? { reason: `${trackerName(tracker)}: ${applied.halted.reason}`, ...(applied.halted.resetAt ? { resetAt: applied.halted.resetAt } : {}) }
    : failed
      ? { reason: `${trackerName(tracker)}: ${failed.error ?? "a write failed"}` }
      : firstDeferral
        ? { reason: `${trackerName(tracker)}: ${firstDeferral.reason}` }
        : undefined;
  return outcome(actions, incomplete);
}

function trackerName(tracker: Tracker): string {
  return tracker.kind === "github" ? `GitHub${tracker.host ? ` at ${tracker.host}` : ""}` : "the local tracker";
}

function resetOf(error: unknown): { resetAt?: string } {
  const resetAt = rateLimitResetOf(error);
  return resetAt ? { resetAt } : {};
}

const KIND_ORDER = ["create", "reopen", "update", "comment", "edit-comment", "close-duplicate", "close", "defer", "none"] as const;

/** The `--dry-run` text: one block per cluster that changes, then a count of those that do not. */
export function renderPlan(outcome: TrackerOutcome): string {
  const where = outcome.tracker === "github" ? `${`GitHub ${outcome.repo ?? ""}`.trim()}${outcome.tokenSource ? ` (token from ${outcome.tokenSource})` : ""}` : "local tracker";
  const counts = KIND_ORDER.map((k) => [k, outcome.actions.filter((a) => a.kind === k).length] as const).filter(([, n]) => n > 0);
  const lines = [`Tracker plan for ${where}${outcome.dryRun ? " (dry run: nothing written)" : ""}: ${counts.map(([k, n]) => `${n} ${k}`).join(", ") || "nothing to do"}`];
  for (const action of outcome.actions) {
    if (action.kind === "none") continue;
    const issue = action.issue ? `#${action.issue.number} ` : "";
    lines.push(`  ${action.kind.padEnd(12)} ${issue}${terminalText(action.title)}${action.status !== "planned" ? ` [${action.status}]` : ""}`);
    for (const detail of action.details) lines.push(`  ${"".padEnd(12)}   - ${terminalText(detail)}`);
    if (action.error) lines.push(`  ${"".padEnd(12)}   ! ${terminalText(action.error)}`);
  }
  const unchanged = outcome.actions.filter((a) => a.kind === "none").length;
  if (unchanged > 0) lines.push(`  ${unchanged} cluster${unchanged === 1 ? "" : "s"} already up to date or muted`);
  const requests = Object.entries(outcome.requests).map(([k, n]) => `${n} ${k}`).join(", ");
  if (requests) lines.push(`  requests: ${requests}`);
  return lines.join("\n");
}
