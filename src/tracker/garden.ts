// The tracker stage: find each cluster's issue, plan, then apply (or only plan, in a dry run).
import type { RunHistory } from "../model/history.js";
import type { JudgedCluster, QuietIssueVerdict } from "../model/judgement.js";
import type { TrackerActionOutcome, TrackerOutcome } from "../model/tracker.js";
import type { RunWindow } from "../model/window.js";
import type { StateStore } from "../state/store.js";
import { applyPlan, plannedOutcomes } from "./apply.js";
import type { RelatedLink } from "./issue-text.js";
import { parseIssueMarker } from "./marker.js";
import type { FoundIssue, PlanOptions } from "./plan.js";
import { evidenceDigest, planTracker } from "./plan.js";
import { readTrackerState, type TrackerReading } from "./read-state.js";
import { relatedLinks, relatedSearchPhrase } from "./related.js";
import type { Tracker, TrackerIssue } from "./tracker.js";

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

export async function gardenTracker(tracker: Tracker, judged: readonly JudgedCluster[], ctx: GardenContext): Promise<TrackerOutcome> {
  const { options, store } = ctx;
  // The reading the judge decided from; read here only for a caller that judged without one.
  const reading =
    options.reading ??
    (await readTrackerState(tracker, judged.map((j) => j.cluster), store, { now: options.now, record: !options.dryRun, maxSearches: options.maxSearchesPerRun ?? 10 }));
  const searchBudget = { left: reading.searchesLeft };
  const history = options.history ?? (await store.loadHistory(judged.map((j) => j.cluster.fingerprint), { baselineRuns: options.baselineRuns ?? 7 }));
  const { matches, listed } = reading;

  // Comments are read only where they can matter: not for muted issues, nor for open ones filed with this very evidence.
  const judgedOf = new Map(judged.map((j) => [j.cluster.fingerprint, j]));
  const found = new Map<string, FoundIssue>();
  for (const [fp, match] of matches) {
    const j = judgedOf.get(fp);
    const filedWithThis = match.issue.state === "open" && j !== undefined && match.marker?.evidence === evidenceDigest(j, ctx.run.window);
    const comments = isMuted(match.issue) || filedWithThis ? [] : await tracker.listComments(match.issue.number);
    found.set(fp, { ...match, comments });
  }

  // Related links go into new issues only, so searches are spent on clusters that will be created.
  const issueOf = new Map<string, TrackerIssue>([...matches].map(([fp, m]) => [fp, m.issue]));
  const toCreate = judged.filter((j) => found.get(j.cluster.fingerprint)?.issue.state !== "open");
  const mentioning = await mentioningIssues(tracker, toCreate, searchBudget);
  const related = new Map<string, RelatedLink[]>();
  for (const j of toCreate) related.set(j.cluster.fingerprint, relatedLinks(j, judged, issueOf, mentioning.get(j.cluster.fingerprint) ?? [], ctx.run.window.minutes));

  const plan = planTracker({ judged, found, history, related, window: ctx.run.window, quiet: options.quiet ?? [], openIssues: reading.openIssues }, planOptions(options));
  let actions: TrackerActionOutcome[];
  if (options.dryRun) {
    actions = plannedOutcomes(plan);
  } else {
    actions = await applyPlan(tracker, plan, {
      createAttempts: options.createAttempts ?? 3,
      now: options.now,
      knownIssueNumbers: new Set(listed.map((i) => i.number)),
      onWrite: options.onWrite,
      signal: options.signal,
    });
    // The fingerprint → issue map is a cache that saves lookups next run; the tracker stays the source of truth.
    for (const action of actions) {
      if (!action.issue || action.status === "failed") continue;
      const issue = found.get(action.fingerprint)?.issue;
      if (action.kind === "close") {
        await store.linkIssue(action.fingerprint, { tracker: tracker.kind, number: action.issue.number, url: action.issue.url, state: "closed", stateReason: "completed", closedAt: options.now.toISOString(), title: action.title });
        continue;
      }
      await store.linkIssue(action.fingerprint, {
        tracker: tracker.kind,
        number: action.issue.number,
        url: action.issue.url,
        state: action.kind === "reopen" || action.kind === "create" ? "open" : issue?.state ?? "open",
        stateReason: action.kind === "reopen" ? "reopened" : issue?.stateReason ?? null,
        closedAt: action.kind === "reopen" || action.kind === "create" ? undefined : issue?.closedAt ?? undefined,
        title: action.title,
      });
    }
  }
  return { tracker: tracker.kind, repo: tracker.repo, dryRun: options.dryRun, actions, requests: tracker.requests() };
}

const KIND_ORDER = ["create", "reopen", "update", "comment", "edit-comment", "close", "defer", "none"] as const;

/** The `--dry-run` text: one block per cluster that changes, then a count of those that do not. */
export function renderPlan(outcome: TrackerOutcome): string {
  const where = outcome.tracker === "github" ? `GitHub ${outcome.repo ?? ""}`.trim() : "local tracker";
  const counts = KIND_ORDER.map((k) => [k, outcome.actions.filter((a) => a.kind === k).length] as const).filter(([, n]) => n > 0);
  const lines = [`Tracker plan for ${where}${outcome.dryRun ? " (dry run: nothing written)" : ""}: ${counts.map(([k, n]) => `${n} ${k}`).join(", ") || "nothing to do"}`];
  for (const action of outcome.actions) {
    if (action.kind === "none") continue;
    const issue = action.issue ? `#${action.issue.number} ` : "";
    lines.push(`  ${action.kind.padEnd(12)} ${issue}${action.title}${action.status !== "planned" ? ` [${action.status}]` : ""}`);
    for (const detail of action.details) lines.push(`  ${"".padEnd(12)}   - ${detail}`);
    if (action.error) lines.push(`  ${"".padEnd(12)}   ! ${action.error}`);
  }
  const unchanged = outcome.actions.filter((a) => a.kind === "none").length;
  if (unchanged > 0) lines.push(`  ${unchanged} cluster${unchanged === 1 ? "" : "s"} already up to date or muted`);
  const requests = Object.entries(outcome.requests).map(([k, n]) => `${n} ${k}`).join(", ");
  if (requests) lines.push(`  requests: ${requests}`);
  return lines.join("\n");
}
