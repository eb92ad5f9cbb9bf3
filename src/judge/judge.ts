// Entry point of the judge: priority, trend, regression and category for every cluster, each with its reasons.
import type { JudgeConfig } from "../config/sections/judge.js";
import type { IssueCluster } from "../model/cluster.js";
import type { ClusterHistory, ClusterRunPoint, PublishedIssue, RunHistory, TrackerState } from "../model/history.js";
import type { Category, JudgedCluster, Priority, QuietIssueVerdict } from "../model/judgement.js";
import type { RunWindow } from "../model/window.js";
import { judgeCategory } from "./category.js";
import { comparePriority, formatHours, raiseOneStep } from "./explain.js";
import { judgeIssue, judgeQuietIssue, type CurrentRead } from "./issue-verdict.js";
import { decidePriority, ruleFacts, type FailingRoutes } from "./priority.js";
import { decidePublishedPriority } from "./publish.js";
import { DEFAULT_PRIORITY_RULES } from "./rules.js";
import { judgeTrend } from "./trend.js";

export interface JudgeOptions {
  readonly now: Date;
  readonly window: RunWindow;
  /** Kept entries in the run, for each cluster's share. */
  readonly totalKept: number;
  readonly config: JudgeConfig;
  /** The issues as the tracker shows them, read before judging; without it the state's links stand in. */
  readonly tracker?: TrackerState;
  /** Distinct instances per service that logged anything in this run, for the "most instances" rule. */
  readonly serviceInstances?: ReadonlyMap<string, number>;
}

/** The cluster's history under its fingerprint, or under one of its aliases (templates merged in since). */
export function findClusterHistory(history: RunHistory, cluster: IssueCluster): ClusterHistory | undefined {
  for (const fingerprint of [cluster.fingerprint, ...cluster.aliases]) {
    const found = history.clusters.get(fingerprint);
    if (found) return found;
  }
  return undefined;
}

/** The issue the tracker shows for the cluster (by fingerprint, then alias), and a gone issue's number. */
function findPublished(tracker: TrackerState | undefined, cluster: IssueCluster): { published?: PublishedIssue; gone?: number } {
  if (!tracker) return {};
  for (const fingerprint of [cluster.fingerprint, ...cluster.aliases]) {
    const found = tracker.issues.get(fingerprint);
    if (found) return { published: found };
  }
  const gone = tracker.gone.get(cluster.fingerprint);
  return gone === undefined ? {} : { gone };
}

/**
 * A run over (mostly) the same window read the same entries: it is this run again, not a baseline for it.
 * Without this, reading a window twice would compare the window with itself and move the trend.
 */
export function coversSameWindow(run: ClusterRunPoint, window: RunWindow): boolean {
  if (!run.windowStart || !run.windowEnd || !window.start || !window.end) return false;
  const start = Math.max(Date.parse(run.windowStart), Date.parse(window.start));
  const end = Math.min(Date.parse(run.windowEnd), Date.parse(window.end));
  const length = Date.parse(window.end) - Date.parse(window.start);
  return length > 0 && end - start >= length / 2;
}

/** Entries and minutes of earlier runs within the trailing `rateWindowHours`, for the rate rules. */
function trailingRuns(runs: readonly ClusterRunPoint[], window: RunWindow, hours: number): { count: number; minutes: number } | undefined {
  const endMs = window.end ? Date.parse(window.end) : Number.NaN;
  if (Number.isNaN(endMs)) return undefined;
  const fromMs = endMs - hours * 3_600_000;
  let count = 0;
  let minutes = 0;
  for (const run of runs) {
    if (!run.windowStart || !run.windowEnd || Date.parse(run.windowStart) < fromMs) continue;
    count += run.count;
    minutes += (Date.parse(run.windowEnd) - Date.parse(run.windowStart)) / 60_000;
  }
  return minutes > 0 ? { count, minutes } : undefined;
}

/** Per service, for HTTP clusters answering 5xx: the busiest minute's count of routes answering 5xx, of all routes seen. */
export function failingRoutesByService(clusters: readonly IssueCluster[]): Map<string, FailingRoutes> {
  const routes = new Map<string, Set<string>>();
  const failingByMinute = new Map<string, Map<string, Set<string>>>();
  for (const cluster of clusters) {
    if (cluster.kind !== "http") continue;
    const service = cluster.service ?? "";
    const route = cluster.templates[0]?.template.replace(/\s+\d{3}\b.*$/, "") ?? cluster.fingerprint;
    routes.set(service, (routes.get(service) ?? new Set()).add(route));
    if (!cluster.stats.httpStatuses.some((s) => s.name.startsWith("5"))) continue;
    const minutes = failingByMinute.get(service) ?? new Map<string, Set<string>>();
    for (const point of cluster.stats.perMinute) minutes.set(point.minute, (minutes.get(point.minute) ?? new Set()).add(route));
    failingByMinute.set(service, minutes);
  }
  const out = new Map<string, FailingRoutes>();
  for (const [service, minutes] of failingByMinute) {
    let best: FailingRoutes | undefined;
    for (const [minute, failing] of minutes) {
      if (!best || failing.size > best.failing || (failing.size === best.failing && minute < best.minute)) best = { failing: failing.size, routes: routes.get(service)?.size ?? failing.size, minute };
    }
    if (best) out.set(service, best);
  }
  return out;
}

interface JudgeContext {
  readonly failingRoutes: ReadonlyMap<string, FailingRoutes>;
}

/** What the title should show: the current category, unless the title changed within the day and the priority stays. */
function shownOnIssue(priority: Priority, category: Category, published: PublishedIssue | undefined, now: Date, config: JudgeConfig): JudgedCluster["shown"] {
  if (!published || published.category === undefined || published.category === category || published.priority !== priority) return { priority, category };
  const titledMs = published.titledAt ? Date.parse(published.titledAt) : Number.NaN;
  if (Number.isNaN(titledMs) || now.getTime() - titledMs >= config.minHoursBetweenRetitles * 3_600_000) return { priority, category };
  const until = new Date(titledMs + config.minHoursBetweenRetitles * 3_600_000).toISOString();
  return { priority, category: published.category, retitleHeld: `title keeps ${published.category} until ${until}: retitled ${published.titledAt}, at most once in ${formatHours(config.minHoursBetweenRetitles)}` };
}

export function judgeCluster(cluster: IssueCluster, history: RunHistory, options: JudgeOptions, context: JudgeContext = { failingRoutes: new Map() }): JudgedCluster {
  const { config, window, now } = options;
  const previous = findClusterHistory(history, cluster);
  const { published, gone } = findPublished(options.tracker, cluster);
  const count = cluster.stats.count;
  const earlier = previous?.runs.filter((run) => !coversSameWindow(run, window)) ?? [];
  const serviceInstances = cluster.service !== undefined ? options.serviceInstances?.get(cluster.service) : undefined;
  const failingRoutes = cluster.kind === "http" && cluster.stats.httpStatuses.some((s) => s.name.startsWith("5")) ? context.failingRoutes.get(cluster.service ?? "") : undefined;
  const trailing = trailingRuns(earlier, window, config.rateWindowHours);
  const verdict = decidePriority(
    config.rules ?? DEFAULT_PRIORITY_RULES,
    ruleFacts(cluster, window.minutes, {
      ...(serviceInstances !== undefined ? { serviceInstances } : {}),
      ...(failingRoutes ? { failingRoutes } : {}),
      ...(trailing ? { earlier: trailing } : {}),
    }),
  );
  const trend = judgeTrend(previous ? earlier : undefined, { count, minutes: window.minutes, ...(window.start ? { start: window.start } : {}) }, config);

  let candidate = verdict.priority;
  let candidateReason = verdict.reason;
  if (trend.trend.kind === "rising" && candidate !== "P0") {
    candidate = raiseOneStep(verdict.priority);
    candidateReason = `${candidate}: raised one step from ${verdict.reason}; ${trend.reason}`;
  }
  const issue = judgeIssue(cluster, published, gone, previous, now, config);
  // The tracker's published priority is the truth; the state's memory of it stands in without a tracker reading.
  const lastPriority = published?.priority ?? previous?.lastPriority;
  const lastAt = published?.priority !== undefined ? (published.priorityAt ?? previous?.lastPriorityAt) : previous?.lastPriorityAt;
  // An issue filed afresh or reopened is published anew: no earlier priority holds it.
  // Only a tracker reading can say there is no issue; without one the state's memory of the last priority stands.
  const fresh = issue.kind === "reopen" || (options.tracker !== undefined && (issue.kind === "file" || issue.kind === "refile"));
  const publication = decidePublishedPriority(
    { priority: candidate, reason: candidateReason, p0Rule: verdict.priority === "P0" },
    fresh || lastPriority === undefined ? undefined : { priority: lastPriority, ...(lastAt ? { at: lastAt } : {}) },
    earlier,
    now,
    config,
  );
  const category = judgeCategory(cluster, previous, issue, published, {
    history,
    now: window.end ? new Date(window.end) : now,
    activeDevHours: config.activeDevHours,
    ...(window.start ? { windowStart: window.start } : {}),
  });
  const shown = shownOnIssue(publication.priority, category.category, published, now, config);

  const reasons = [
    verdict.reason,
    // Other rules giving the same priority are further grounds for it; lower ones are implied and would only be noise.
    ...verdict.holding
      .slice(1)
      .filter((also) => also.rule.priority === verdict.priority)
      .map((also) => `also ${also.rule.priority}: ${also.because.join(", ")} (rule ${also.rule.name})`),
    trend.reason,
    category.reason,
    issue.reason,
    ...(publication.escalation ? [`escalated ${publication.escalation.reason}`] : []),
    ...(publication.lowering ? [`lowered ${publication.lowering.reason}`] : []),
    ...(publication.heldPriority ? [publication.reason] : []),
    ...(shown.retitleHeld ? [shown.retitleHeld] : []),
  ];
  return {
    cluster,
    priority: publication.priority,
    priorityReason: publication.reason,
    rulesPriority: candidate,
    category: category.category,
    categoryReason: category.reason,
    trend: trend.trend,
    share: options.totalKept > 0 ? count / options.totalKept : 0,
    ratePerMinute: count / window.minutes,
    ...(publication.escalation ? { escalation: publication.escalation } : {}),
    ...(publication.lowering ? { lowering: publication.lowering } : {}),
    ...(publication.heldPriority ? { heldPriority: publication.heldPriority } : {}),
    shown,
    issue,
    reasons,
  };
}

/** Most urgent first: priority, then count (descending), then fingerprint so equal clusters keep one order. */
export function compareJudged(a: JudgedCluster, b: JudgedCluster): number {
  return (
    comparePriority(a.priority, b.priority) ||
    b.cluster.stats.count - a.cluster.stats.count ||
    (a.cluster.fingerprint < b.cluster.fingerprint ? -1 : a.cluster.fingerprint > b.cluster.fingerprint ? 1 : 0)
  );
}

export function judgeClusters(clusters: readonly IssueCluster[], history: RunHistory, options: JudgeOptions): JudgedCluster[] {
  const context: JudgeContext = { failingRoutes: failingRoutesByService(clusters) };
  return clusters.map((cluster) => judgeCluster(cluster, history, options, context)).sort(compareJudged);
}

/**
 * Open issues whose problem this run did not see: each closed when quiet long enough over complete reads, else kept
 * open with the reason. `history` must hold these fingerprints (the pipeline loads them with the others).
 */
export function judgeQuietIssues(
  seen: readonly IssueCluster[],
  tracker: TrackerState,
  history: RunHistory,
  read: CurrentRead,
  options: { readonly now: Date; readonly config: JudgeConfig },
): QuietIssueVerdict[] {
  const seenFingerprints = new Set(seen.flatMap((c) => [c.fingerprint, ...c.aliases]));
  const out: QuietIssueVerdict[] = [];
  const done = new Set<number>();
  for (const [fingerprint, issue] of tracker.issues) {
    if (issue.state !== "open" || done.has(issue.number) || seenFingerprints.has(fingerprint)) continue;
    done.add(issue.number);
    out.push(judgeQuietIssue(fingerprint, issue, history.clusters.get(fingerprint), read, options.now, options.config));
  }
  return out;
}
