// Entry point of the judge: priority, trend, regression and category for every cluster, each with its reasons.
import type { JudgeConfig } from "../config/sections/judge.js";
import type { IssueCluster } from "../model/cluster.js";
import type { ClusterHistory, ClusterRunPoint, RunHistory } from "../model/history.js";
import type { JudgedCluster, Priority } from "../model/judgement.js";
import type { RunWindow } from "../model/window.js";
import { judgeCategory } from "./category.js";
import { comparePriority, formatHours, raiseOneStep } from "./explain.js";
import { decidePriority, ruleFacts } from "./priority.js";
import { judgeRegression } from "./regression.js";
import { DEFAULT_PRIORITY_RULES } from "./rules.js";
import { judgeTrend } from "./trend.js";

export interface JudgeOptions {
  readonly now: Date;
  readonly window: RunWindow;
  /** Kept entries in the run, for each cluster's share. */
  readonly totalKept: number;
  readonly config: JudgeConfig;
}

/** The cluster's history under its fingerprint, or under one of its aliases (templates merged in since). */
export function findClusterHistory(history: RunHistory, cluster: IssueCluster): ClusterHistory | undefined {
  for (const fingerprint of [cluster.fingerprint, ...cluster.aliases]) {
    const found = history.clusters.get(fingerprint);
    if (found) return found;
  }
  return undefined;
}

interface PublishedPriority {
  readonly priority: Priority;
  readonly reason: string;
  readonly escalation?: JudgedCluster["escalation"];
  readonly heldPriority?: JudgedCluster["heldPriority"];
}

/**
 * Compares with the priority last published: higher is an escalation; lower is held until the cooldown has passed,
 * so a cluster hovering at a rule's threshold does not flap between priorities.
 */
function publishPriority(candidate: Priority, candidateReason: string, previous: ClusterHistory | undefined, now: Date, cooldownHours: number): PublishedPriority {
  const last = previous?.lastPriority;
  if (!last || last === candidate) return { priority: candidate, reason: candidateReason };
  if (comparePriority(candidate, last) < 0) {
    return { priority: candidate, reason: candidateReason, escalation: { from: last, reason: `${last} → ${candidate}: ${candidateReason}` } };
  }
  const setAtMs = previous.lastPriorityAt ? Date.parse(previous.lastPriorityAt) : Number.NaN;
  const untilMs = setAtMs + cooldownHours * 3_600_000;
  if (!Number.isNaN(setAtMs) && now.getTime() < untilMs) {
    const until = new Date(untilMs).toISOString();
    return {
      priority: last,
      reason: `${last}: held, set ${previous.lastPriorityAt} and not lowered within the ${formatHours(cooldownHours)} cooldown (until ${until}); rules now say ${candidateReason}`,
      heldPriority: { rulesSaid: candidate, until },
    };
  }
  return { priority: candidate, reason: `${candidateReason}; lowered from ${last} after the ${formatHours(cooldownHours)} cooldown` };
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

export function judgeCluster(cluster: IssueCluster, history: RunHistory, options: JudgeOptions): JudgedCluster {
  const { config, window, now } = options;
  const previous = findClusterHistory(history, cluster);
  const count = cluster.stats.count;
  const verdict = decidePriority(config.rules ?? DEFAULT_PRIORITY_RULES, ruleFacts(cluster, window.minutes));
  const trend = judgeTrend(previous?.runs.filter((run) => !coversSameWindow(run, window)), { count, minutes: window.minutes }, config);

  let candidate = verdict.priority;
  let candidateReason = verdict.reason;
  if (trend.trend.kind === "rising" && candidate !== "P0") {
    candidate = raiseOneStep(verdict.priority);
    candidateReason = `${candidate}: raised one step from ${verdict.reason}; ${trend.reason}`;
  }
  const published = publishPriority(candidate, candidateReason, previous, now, config.cooldownHours);
  const regression = judgeRegression(previous, cluster.stats.lastSeen, config.regressionGraceHours);
  const category = judgeCategory(cluster, previous, regression, {
    history,
    now: window.end ? new Date(window.end) : now,
    activeDevHours: config.activeDevHours,
    ...(window.start ? { windowStart: window.start } : {}),
  });

  const reasons = [
    verdict.reason,
    // Other rules giving the same priority are further grounds for it; lower ones are implied and would only be noise.
    ...verdict.holding
      .slice(1)
      .filter((also) => also.rule.priority === verdict.priority)
      .map((also) => `also ${also.rule.priority}: ${also.because.join(", ")} (rule ${also.rule.name})`),
    trend.reason,
    ...(regression.kind === "no_closed_issue" ? [] : [regression.reason]),
    category.reason,
    ...(published.escalation ? [`escalated ${published.escalation.reason}`] : []),
    ...(published.heldPriority ? [published.reason] : []),
  ];
  return {
    cluster,
    priority: published.priority,
    priorityReason: published.reason,
    category: category.category,
    categoryReason: category.reason,
    trend: trend.trend,
    share: options.totalKept > 0 ? count / options.totalKept : 0,
    ratePerMinute: count / window.minutes,
    ...(published.escalation ? { escalation: published.escalation } : {}),
    ...(published.heldPriority ? { heldPriority: published.heldPriority } : {}),
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
  return clusters.map((cluster) => judgeCluster(cluster, history, options)).sort(compareJudged);
}
