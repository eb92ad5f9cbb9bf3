// The pure planner: judged clusters + the issues found for them + history → what to write and why.
// No I/O and no clock: `now` comes in with the options. Running it twice on the same input and the
// tracker state the first plan produced gives a plan with no writes (idempotence).
import { createHash } from "node:crypto";
import type { RunHistory } from "../model/history.js";
import type { Category, JudgedCluster, Priority, QuietIssueVerdict } from "../model/judgement.js";
import { PRIORITIES } from "../model/judgement.js";
import type { IssuePatch, PlannedAction, TrackerPlan, TrackerWrite } from "../model/tracker.js";
import type { RunWindow } from "../model/window.js";
import type { RelatedLink, TextOptions } from "./issue-text.js";
import { commentBody, currentSummary, issueBody, issueTitle, parseIssueTitle, replaceSummary, retitle, summaryBlock } from "./issue-text.js";
import type { CommentMarker, IssueMarker, MarkerRun } from "./marker.js";
import { MAX_MARKER_RUNS, parseCommentMarker, renderCommentMarker, replaceIssueMarker, roundRate } from "./marker.js";
import type { IssueMatch } from "./match.js";
import type { TrackerComment, TrackerIssue } from "./tracker.js";

export interface PlanOptions extends TextOptions {
  readonly now: Date;
  readonly label: string;
  readonly maxNewIssues: number;
  readonly onRegression: "reopen" | "new-issue";
}

/** An issue found for a cluster, with its comments (loaded for open issues and recurring closed ones). */
export interface FoundIssue extends IssueMatch {
  readonly comments: readonly TrackerComment[];
}

export interface PlanInput {
  readonly judged: readonly JudgedCluster[];
  readonly found: ReadonlyMap<string, FoundIssue>;
  readonly history: RunHistory;
  /** Related links by fingerprint, read only for the issues this run creates (computed on demand by the gardener). */
  readonly related: Pick<ReadonlyMap<string, readonly RelatedLink[]>, "get">;
  readonly window: RunWindow;
  /** The judge's verdicts on open issues whose problem this run did not see, with those issues. */
  readonly quiet?: readonly QuietIssueVerdict[];
  readonly openIssues?: ReadonlyMap<number, { readonly issue: TrackerIssue; readonly marker: IssueMarker }>;
}

const CATEGORY_LABELS: readonly string[] = ["new", "regression", "active-dev", "other"];

function priorityIndex(priority: Priority): number {
  return PRIORITIES.indexOf(priority);
}

function isPriority(value: string | undefined): value is Priority {
  return value !== undefined && (PRIORITIES as readonly string[]).includes(value);
}

/** The UTC day, for "edit our comment from the same day". */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Identifies one run's evidence for one cluster: the same window and figures give the same digest. */
export function evidenceDigest(judged: JudgedCluster, window: RunWindow): string {
  const key = JSON.stringify([window.start ?? null, window.end ?? null, window.label, judged.cluster.stats.count, judged.priority]);
  return createHash("sha256").update(key).digest("hex").slice(0, 12);
}

/** Our labels for an issue: the bot label, the priority and the category (GitHub shows a handful well). */
export function managedLabels(label: string, priority: Priority, category: Category): string[] {
  return [label, priority, category];
}

/** Keeps the labels humans added and replaces ours. */
function relabel(current: readonly string[], label: string, priority: Priority, category: Category): string[] {
  const ours = new Set<string>([label, ...PRIORITIES, ...CATEGORY_LABELS]);
  return [...current.filter((l) => !ours.has(l)), ...managedLabels(label, priority, category)];
}

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");
}

/** The priority the issue shows now: the title, else the labels, else the marker. */
function publishedPriority(found: FoundIssue): Priority | undefined {
  const fromTitle = parseIssueTitle(found.issue.title)?.priority;
  if (fromTitle) return fromTitle;
  const fromLabels = found.issue.labels.filter(isPriority).sort((a, b) => priorityIndex(a) - priorityIndex(b))[0];
  if (fromLabels) return fromLabels;
  return isPriority(found.marker?.priority) ? found.marker.priority : undefined;
}

/** The judge's priority verdict, worded for the issue's comment: what changed, or what was held. */
function priorityChange(judged: JudgedCluster, shownBefore: Priority | undefined): { change?: string; held?: string } {
  if (shownBefore !== undefined && shownBefore !== judged.priority) {
    const why = judged.escalation?.reason ?? judged.lowering?.reason ?? judged.priorityReason;
    const verb = priorityIndex(judged.priority) < priorityIndex(shownBefore) ? "raised" : "lowered";
    return { change: `Priority ${verb} ${shownBefore} → ${judged.priority}: ${why.replace(/^P\d → P\d: /, "")}` };
  }
  if (judged.heldPriority) return { held: `Priority held at ${judged.priority} (rules say ${judged.heldPriority.rulesSaid}): ${judged.priorityReason.replace(/^P\d: held, /, "").replace(/; rules now say .*$/, "")}` };
  return {};
}

/** `known`: the fingerprints the issue's marker lists already; they stay, so a template absent today still finds the issue tomorrow. */
function issueMarkerFor(judged: JudgedCluster, priority: Priority, priorityAt: string | undefined, titledAt: string | undefined, evidence: string, known: readonly string[] = []): IssueMarker {
  return {
    evidence,
    fingerprint: judged.cluster.fingerprint,
    aliases: [...new Set([...judged.cluster.aliases, ...known])].sort(),
    template: judged.cluster.templates[0]?.template,
    priority,
    priorityAt,
    titledAt,
    ratePerMinute: roundRate(judged.ratePerMinute),
  };
}

function ourComments(found: FoundIssue): { comment: TrackerComment; marker: CommentMarker }[] {
  const out: { comment: TrackerComment; marker: CommentMarker }[] = [];
  for (const comment of found.comments) {
    const marker = parseCommentMarker(comment.body);
    if (marker) out.push({ comment, marker });
  }
  return out;
}

function stringifySample(sample: unknown): string {
  return typeof sample === "string" ? sample : JSON.stringify(sample, null, 2) ?? "";
}

/** Samples not already shown in the issue body or one of our comments. */
function newSamples(judged: JudgedCluster, found: FoundIssue): unknown[] {
  const texts = [found.issue.body, ...found.comments.map((c) => c.body)];
  return judged.cluster.samples.filter((s) => {
    const text = stringifySample(s);
    return text.length > 0 && !texts.some((t) => t.includes(text));
  });
}

interface Ctx {
  readonly input: PlanInput;
  readonly options: PlanOptions;
  readonly created: { count: number };
  readonly canCreate: ReadonlySet<string>;
}

function planCreate(judged: JudgedCluster, ctx: Ctx, category: Category, details: string[], regressionOf?: number, refiledFor?: number): PlannedAction {
  const { input, options } = ctx;
  const history = input.history.clusters.get(judged.cluster.fingerprint);
  const title = issueTitle(category, judged.priority, judged.cluster.name);
  const base = { fingerprint: judged.cluster.fingerprint, title, priority: judged.priority, category };
  if (!ctx.canCreate.has(judged.cluster.fingerprint)) {
    return { ...base, kind: "defer", writes: [], details: [...details, `Deferred: over the limit of ${options.maxNewIssues} new issues per run`] };
  }
  const body = issueBody(
    {
      judged,
      marker: issueMarkerFor(judged, judged.priority, options.now.toISOString(), options.now.toISOString(), evidenceDigest(judged, input.window)),
      shown: { priority: judged.priority, category },
      window: input.window,
      firstSeen: history?.firstSeen,
      firstRevision: history?.firstRevision,
      related: input.related.get(judged.cluster.fingerprint) ?? [],
      regressionOf,
      refiledFor,
    },
    options,
  );
  const write: TrackerWrite = { op: "create-issue", title, body, labels: managedLabels(options.label, judged.priority, category), fingerprint: judged.cluster.fingerprint };
  return { ...base, kind: "create", writes: [write], details: [...details, `${judged.priorityReason}`, `Category: ${judged.categoryReason}`], publishesPriority: judged.priority };
}

function planExisting(judged: JudgedCluster, found: FoundIssue, ctx: Ctx, reopen: string | undefined): PlannedAction {
  const { input, options } = ctx;
  const issueNumber = found.issue.number;
  const previousPriority = publishedPriority(found);
  const decision = { priority: judged.priority, ...priorityChange(judged, previousPriority) };
  const category: Category = reopen ? "regression" : judged.shown.category;
  const changes = [...(reopen ? [reopen] : []), ...(decision.change ? [decision.change] : []), ...(decision.held ? [decision.held] : []), ...(judged.shown.retitleHeld ? [`Title: ${judged.shown.retitleHeld}`] : [])];
  const details = [...changes, ...found.duplicates.map((n) => `Also carries this fingerprint: #${n} (left as is)`)];
  if (found.via === "alias") details.push(`Found through a merged template's fingerprint`);

  // The issue itself: title, labels, body (marker + summary block), state.
  const priorityChanged = previousPriority !== decision.priority;
  const priorityAt = priorityChanged || !found.marker?.priorityAt ? options.now.toISOString() : found.marker.priorityAt;
  const patch: { -readonly [K in keyof IssuePatch]: IssuePatch[K] } = {};
  const title = parseIssueTitle(found.issue.title) ? retitle(found.issue.title, category, decision.priority) : found.issue.title;
  const retitled = title !== found.issue.title;
  if (retitled) patch.title = title;
  const titledAt = retitled ? options.now.toISOString() : (found.marker?.titledAt ?? found.marker?.priorityAt);
  // Labels change with the title or a reopening only: a label a human removed (or GitHub dropped for
  // want of push access) is not put back every run, which would never settle.
  const labels = relabel(found.issue.labels, options.label, decision.priority, category);
  if ((priorityChanged || retitled || reopen) && !sameLabels(labels, found.issue.labels)) patch.labels = labels;
  const digest = evidenceDigest(judged, input.window);
  // `evidence` names what the issue was filed with and never moves: later evidence is proven by its comment,
  // so a run killed between this update and its comment still comments next time.
  const known = found.marker === undefined ? [] : [found.marker.fingerprint, ...found.marker.aliases].filter((fp) => fp !== judged.cluster.fingerprint);
  const markerNow = { ...issueMarkerFor(judged, decision.priority, priorityAt, titledAt, digest, known), evidence: found.marker?.evidence };
  const summary = summaryBlock(judged, { priority: decision.priority, category }, input.window);
  const listed = new Set(found.marker === undefined ? [] : [found.marker.fingerprint, ...found.marker.aliases]);
  const listsMembers = found.marker?.fingerprint === judged.cluster.fingerprint && judged.cluster.aliases.every((fp) => listed.has(fp));
  const keepMarker = !priorityChanged && !retitled && listsMembers && found.marker?.priorityAt !== undefined && currentSummary(found.issue.body) === summary;
  const body = keepMarker ? found.issue.body : replaceSummary(replaceIssueMarker(found.issue.body, markerNow), summary);
  if (body !== found.issue.body) patch.body = body;
  if (reopen) {
    patch.state = "open";
    patch.stateReason = "reopened";
  }

  // The evidence: a comment, unless this evidence was reported already (in the body it was filed with, or a comment).
  const ours = ourComments(found);
  const reported = found.marker?.evidence === digest || ours.some(({ marker }) => marker.runs.some((r) => r.digest === digest));
  const writes: TrackerWrite[] = [];
  let kind: PlannedAction["kind"] = "none";
  if (!reported) {
    const day = utcDay(options.now);
    const run: MarkerRun = { digest, window: input.window.label, count: judged.cluster.stats.count };
    const last = ours.at(-1);
    const lastIsLatest = last !== undefined && found.comments.at(-1)?.id === last.comment.id;
    const editSameDay = !reopen && last !== undefined && lastIsLatest && last.marker.day === day && last.marker.fingerprint === judged.cluster.fingerprint;
    const runs = editSameDay ? [...last.marker.runs, run].slice(-MAX_MARKER_RUNS) : [run];
    const previousPoint = input.history.clusters.get(judged.cluster.fingerprint)?.runs.at(-1);
    const text = commentBody(
      {
        judged,
        marker: { fingerprint: judged.cluster.fingerprint, day, runs },
        window: input.window,
        previous: previousPoint ? { count: previousPoint.count, ratePerMinute: previousPoint.ratePerMinute, window: previousPoint.windowStart && previousPoint.windowEnd ? `${previousPoint.windowStart}/${previousPoint.windowEnd}` : undefined } : undefined,
        changes,
        newSamples: newSamples(judged, found),
      },
      options,
    );
    if (editSameDay) {
      writes.push({ op: "edit-comment", issueNumber, commentId: last.comment.id, body: text });
      kind = "edit-comment";
    } else {
      writes.push({ op: "create-comment", issueNumber, body: text, digest });
      kind = "comment";
    }
  }
  if (Object.keys(patch).length > 0) {
    // The issue is updated first, so a reopened issue is open before the comment explains why.
    writes.unshift({ op: "update-issue", issueNumber, patch });
    kind = reopen ? "reopen" : decision.change || retitled ? "update" : kind === "none" ? "update" : kind;
  }
  if (writes.length === 0) details.push(`Already up to date (evidence ${digest} reported)`);
  return {
    fingerprint: judged.cluster.fingerprint,
    kind,
    title,
    priority: decision.priority,
    category,
    issue: { number: issueNumber, url: found.issue.url },
    writes,
    details,
    publishesPriority: priorityChanged || reopen ? decision.priority : undefined,
  };
}

/** Turns the judge's issue verdict into writes; nothing is decided again here. */
function planOne(judged: JudgedCluster, ctx: Ctx): PlannedAction {
  const { options } = ctx;
  const found = ctx.input.found.get(judged.cluster.fingerprint);
  const verdict = judged.issue;
  const quiet = (number: number | undefined): PlannedAction => ({
    fingerprint: judged.cluster.fingerprint,
    title: found?.issue.title ?? issueTitle(judged.shown.category, judged.priority, judged.cluster.name),
    priority: judged.priority,
    category: judged.category,
    ...(number !== undefined ? { issue: { number, url: found?.issue.number === number ? found.issue.url : undefined } } : {}),
    kind: "none",
    writes: [],
    details: [verdict.reason],
  });
  switch (verdict.kind) {
    case "ignored":
      return quiet(found?.issue.number);
    case "muted":
    case "leave-closed":
      return quiet(verdict.number);
    case "file":
      return found ? planExisting(judged, found, ctx, undefined) : planCreate(judged, ctx, judged.shown.category, []);
    case "refile":
      return planCreate(judged, ctx, judged.shown.category, [verdict.reason], undefined, verdict.previous);
    case "update":
      return found ? planExisting(judged, found, ctx, undefined) : planCreate(judged, ctx, judged.shown.category, []);
    case "reopen":
      if (options.onRegression === "new-issue" || !found) return planCreate(judged, ctx, "regression", [verdict.reason], verdict.number);
      return planExisting(judged, found, ctx, `Reopened: ${verdict.reason}`);
    default:
      return assertNever(verdict);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected issue verdict ${JSON.stringify(value)}`);
}

function needsCreation(judged: JudgedCluster, input: PlanInput, options: PlanOptions): boolean {
  const found = input.found.get(judged.cluster.fingerprint);
  switch (judged.issue.kind) {
    case "file":
    case "update":
      return !found;
    case "refile":
      return true;
    case "reopen":
      return options.onRegression === "new-issue" || !found;
    default:
      return false;
  }
}

/** The judge's close verdicts on quiet open issues: the comment saying why, then the close as completed. */
function planCloses(input: PlanInput): PlannedAction[] {
  const out: PlannedAction[] = [];
  for (const quiet of input.quiet ?? []) {
    if (quiet.verdict.kind !== "close") continue;
    const open = input.openIssues?.get(quiet.number);
    if (!open) continue;
    const shown = parseIssueTitle(open.issue.title);
    out.push({
      fingerprint: quiet.fingerprint,
      kind: "close",
      title: open.issue.title,
      priority: shown?.priority ?? (isPriority(open.marker.priority) ? open.marker.priority : "P3"),
      category: shown?.category ?? "other",
      issue: { number: quiet.number, url: open.issue.url },
      writes: [
        { op: "create-comment", issueNumber: quiet.number, body: quiet.verdict.comment, digest: `close-${quiet.verdict.lastSeen ?? "unknown"}` },
        { op: "update-issue", issueNumber: quiet.number, patch: { state: "closed", stateReason: "completed" } },
      ],
      details: [`Closed as completed: ${quiet.verdict.reason}`],
    });
  }
  return out;
}

export function planTracker(input: PlanInput, options: PlanOptions): TrackerPlan {
  // The creation cap goes to the most urgent clusters first: priority, then count.
  const candidates = input.judged
    .filter((j) => needsCreation(j, input, options))
    .sort((a, b) => priorityIndex(a.priority) - priorityIndex(b.priority) || b.cluster.stats.count - a.cluster.stats.count || a.cluster.fingerprint.localeCompare(b.cluster.fingerprint));
  const canCreate = new Set(candidates.slice(0, options.maxNewIssues).map((j) => j.cluster.fingerprint));
  const ctx: Ctx = { input, options, created: { count: 0 }, canCreate };
  return { actions: [...input.judged.map((j) => planOne(j, ctx)), ...input.judged.flatMap((j) => planDuplicateClosures(j, ctx)), ...planCloses(input)] };
}

/**
 * Newer open issues found to track the same problem as the cluster's (older, open) issue: each is
 * closed as its duplicate (state_reason `duplicate`, never deleted), with a comment saying why.
 */
function planDuplicateClosures(judged: JudgedCluster, ctx: Ctx): PlannedAction[] {
  const found = ctx.input.found.get(judged.cluster.fingerprint);
  if (found === undefined || found.issue.state !== "open") return [];
  const members = new Set([judged.cluster.fingerprint, ...judged.cluster.aliases]);
  return (found.duplicateIssues ?? [])
    .filter((duplicate) => duplicate.issue.state === "open" && duplicate.issue.number > found.issue.number)
    .map((duplicate): PlannedAction => {
      const shared = [duplicate.marker.fingerprint, ...duplicate.marker.aliases].filter((fp) => members.has(fp));
      const why = [
        `Closed as a duplicate of #${found.issue.number}: both track one problem, "${judged.cluster.name}" (${judged.cluster.fingerprint}), which now includes ${shared.map((fp) => `\`${fp}\``).join(", ")} that this issue was filed for.`,
        ...judged.cluster.mergeReasons.slice(0, 3).map((reason) => `- ${reason}`),
        `Evidence goes to #${found.issue.number} from now on.`,
      ];
      const digest = createHash("sha256").update(JSON.stringify(["duplicate", duplicate.issue.number, found.issue.number])).digest("hex").slice(0, 12);
      const marker = renderCommentMarker({ fingerprint: judged.cluster.fingerprint, day: utcDay(ctx.options.now), runs: [{ digest, window: ctx.input.window.label, count: judged.cluster.stats.count }] });
      return {
        fingerprint: duplicate.marker.fingerprint,
        kind: "close-duplicate",
        title: duplicate.issue.title,
        priority: judged.priority,
        category: judged.category,
        issue: { number: duplicate.issue.number, url: duplicate.issue.url },
        writes: [
          { op: "create-comment", issueNumber: duplicate.issue.number, body: `${marker}\n${why.join("\n")}`, digest },
          { op: "update-issue", issueNumber: duplicate.issue.number, patch: { state: "closed", stateReason: "duplicate" } },
        ],
        details: [why[0] as string],
      };
    });
}
