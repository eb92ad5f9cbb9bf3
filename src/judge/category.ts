// new / regression / active-dev / other, each with the one-line reason that decided it; the category follows the problem.
import type { IssueCluster } from "../model/cluster.js";
import type { ClusterHistory, PublishedIssue, RunHistory } from "../model/history.js";
import type { Category, IssueVerdict } from "../model/judgement.js";
import { formatCount } from "../model/figures.js";
import { formatHours } from "./explain.js";

export interface CategoryVerdict {
  readonly category: Category;
  readonly reason: string;
}

export interface CategoryContext {
  readonly history: RunHistory;
  /** The time the data describes (the window's end; the clock only when the window has none): an export read a year later is judged as of then. */
  readonly now: Date;
  readonly windowStart?: string;
  readonly activeDevHours: number;
}

const HOUR_MS = 3_600_000;

type Rollout =
  | { readonly kind: "known"; readonly at: string }
  /** The revision was already running when the history began: when it was rolled out is not known. */
  | { readonly kind: "unknown"; readonly why: string };

/**
 * When a revision was rolled out, as far as the history can tell: the first time a run saw it, unless that was the
 * history's very first sight of any revision (it was running before anything was recorded). A revision the history
 * does not know, while it knows others, was rolled out in this window.
 */
function rolloutOf(revision: string, cluster: IssueCluster, context: CategoryContext): Rollout {
  const seen = context.history.revisionsFirstSeen;
  if (seen.size === 0) return { kind: "unknown", why: "no revision history yet" };
  const known = seen.get(revision);
  if (known === undefined) {
    const inWindow = cluster.stats.revisions.find((r) => r.name === revision)?.firstSeen ?? cluster.stats.firstSeen;
    return { kind: "known", at: inWindow ?? context.windowStart ?? context.now.toISOString() };
  }
  const historyStart = Math.min(...[...seen.values()].map((at) => Date.parse(at)).filter((ms) => !Number.isNaN(ms)));
  // Revisions first seen within an hour of the history's start were all running when it began.
  if (Date.parse(known) - historyStart < HOUR_MS) return { kind: "unknown", why: `revision ${revision} was already running when the history began (${known})` };
  return { kind: "known", at: known };
}

type ActiveDevVerdict = { readonly active: boolean; readonly reason: string };

/**
 * Active development: the problem first appeared in a revision rolled out within `activeDevHours`, and was not seen
 * before that revision existed. It lives in code just deployed, so the people deploying are the ones to tell.
 */
function judgeActiveDev(cluster: IssueCluster, previous: ClusterHistory | undefined, context: CategoryContext): ActiveDevVerdict {
  const revision = previous?.firstRevision ?? cluster.stats.firstRevision;
  if (revision === undefined) return { active: false, reason: "no revision recorded" };
  const rollout = rolloutOf(revision, cluster, context);
  if (rollout.kind === "unknown") return { active: false, reason: rollout.why };
  const rolloutMs = Date.parse(rollout.at);
  const ageHours = Math.max(0, (context.now.getTime() - rolloutMs) / HOUR_MS);
  if (ageHours > context.activeDevHours) {
    return { active: false, reason: `first seen in revision ${revision}, rolled out ${formatHours(ageHours)} ago (over ${formatHours(context.activeDevHours)})` };
  }
  const firstSeen = previous?.firstSeen ?? cluster.stats.firstSeen;
  if (firstSeen !== undefined && Date.parse(firstSeen) < rolloutMs) {
    return { active: false, reason: `seen ${firstSeen}, before revision ${revision} was rolled out (${rollout.at})` };
  }
  return { active: true, reason: `active-dev: first seen in revision ${revision}, rolled out ${formatHours(ageHours)} ago (within ${formatHours(context.activeDevHours)})` };
}

/**
 * In order: regression (a closed problem recurred: the run that reopens it, and while its reopened issue stays open),
 * active-dev, new (the run that first sees it), other.
 */
export function judgeCategory(
  cluster: IssueCluster,
  previous: ClusterHistory | undefined,
  issue: IssueVerdict,
  published: PublishedIssue | undefined,
  context: CategoryContext,
): CategoryVerdict {
  if (issue.kind === "reopen") return { category: "regression", reason: `regression: ${issue.reason}` };
  if (published?.state === "open" && published.category === "regression" && issue.kind === "update") {
    return { category: "regression", reason: `regression: issue #${published.number} was reopened for a recurrence and is still open` };
  }
  const activeDev = judgeActiveDev(cluster, previous, context);
  if (activeDev.active) return { category: "active-dev", reason: activeDev.reason };
  if (!previous) {
    const firstRun = context.history.clusters.size === 0 ? " (no earlier runs are recorded)" : "";
    return { category: "new", reason: `new: not seen in any earlier run${firstRun}` };
  }
  const since = previous.firstSeen ? `first seen ${previous.firstSeen}, ` : "";
  return {
    category: "other",
    reason: `other: seen before (${since}${formatCount(previous.totalCount)} entries in earlier runs); ${activeDev.reason}`,
  };
}
