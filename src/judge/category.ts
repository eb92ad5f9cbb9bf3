// new / regression / active-dev / other, each with the one-line reason that decided it.
import type { IssueCluster } from "../model/cluster.js";
import type { ClusterHistory, RunHistory } from "../model/history.js";
import type { Category } from "../model/judgement.js";
import { formatCount } from "../model/figures.js";
import { formatHours } from "./explain.js";
import type { RegressionVerdict } from "./regression.js";

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

type RevisionAge =
  | { readonly kind: "known"; readonly revision: string; readonly firstSeen: string; readonly hours: number }
  | { readonly kind: "unknown"; readonly revision: string };

/**
 * When a revision was first seen: from the history; a revision the history does not know, while the history does
 * know others, first appeared in this window. With no revision history at all (a first run) the age is unknown,
 * and nothing is called active-dev: every revision would look brand new.
 */
function revisionAge(revision: string, context: CategoryContext): RevisionAge {
  const { history, now } = context;
  const known = history.revisionsFirstSeen.get(revision);
  const firstSeen = known ?? (history.revisionsFirstSeen.size > 0 ? (context.windowStart ?? now.toISOString()) : undefined);
  if (firstSeen === undefined || Number.isNaN(Date.parse(firstSeen))) return { kind: "unknown", revision };
  return { kind: "known", revision, firstSeen, hours: Math.max(0, (now.getTime() - Date.parse(firstSeen)) / 3_600_000) };
}

type ActiveDevVerdict = { readonly active: true; readonly reason: string } | { readonly active: false; readonly reason: string };

/**
 * Active development: every revision this cluster occurs in was first seen within `activeDevHours`. The problem lives
 * only in code that was just deployed, so the people deploying are the ones to tell, and it may be fixed by the next deploy.
 */
function judgeActiveDev(cluster: IssueCluster, context: CategoryContext): ActiveDevVerdict {
  const revisions = cluster.stats.revisions.map((r) => r.name);
  if (revisions.length === 0) return { active: false, reason: "no revision recorded" };
  const ages = revisions.map((revision) => revisionAge(revision, context));
  const unknown = ages.find((age) => age.kind === "unknown");
  if (unknown) return { active: false, reason: `first deploy of revision ${unknown.revision} unknown (no revision history)` };
  const known = ages.filter((age): age is Extract<RevisionAge, { kind: "known" }> => age.kind === "known");
  const oldest = known.reduce((a, b) => (b.hours > a.hours ? b : a));
  if (oldest.hours > context.activeDevHours) {
    return { active: false, reason: `occurs in revision ${oldest.revision}, first seen ${formatHours(oldest.hours)} ago (over ${formatHours(context.activeDevHours)})` };
  }
  const names = known.length === 1 ? `revision ${oldest.revision}` : `${known.length} revisions`;
  return {
    active: true,
    reason: `active-dev: occurs only in ${names} first seen within ${formatHours(context.activeDevHours)} (oldest ${formatHours(oldest.hours)} ago)`,
  };
}

export function judgeCategory(
  cluster: IssueCluster,
  clusterHistory: ClusterHistory | undefined,
  regression: RegressionVerdict,
  context: CategoryContext,
): CategoryVerdict {
  if (regression.kind === "regression") return { category: "regression", reason: `regression: ${regression.reason}` };
  const activeDev = judgeActiveDev(cluster, context);
  const muted = regression.kind === "muted" || regression.kind === "within_grace" ? `; ${regression.reason}` : "";
  if (activeDev.active) {
    return { category: "active-dev", reason: `${activeDev.reason}${clusterHistory ? "" : "; not seen in any earlier run"}${muted}` };
  }
  if (!clusterHistory) {
    const firstRun = context.history.clusters.size === 0 ? " (no earlier runs are recorded)" : "";
    return { category: "new", reason: `new: not seen in any earlier run${firstRun}` };
  }
  const since = clusterHistory.firstSeen ? `first seen ${clusterHistory.firstSeen}, ` : "";
  return {
    category: "other",
    reason: `other: seen before (${since}${formatCount(clusterHistory.totalCount)} entries in earlier runs); ${activeDev.reason}${muted}`,
  };
}
