// The tracker stage once per target repository (routing.routes), merged into one outcome in the
// judged order. Creations share the run's cap across repositories.
import type { RouteConfig } from "../config/sections/routing.js";
import { InternalError } from "../model/errors.js";
import type { JudgedCluster } from "../model/judgement.js";
import type { TrackerOutcome } from "../model/tracker.js";
import { routeFor, type Tracker } from "../tracker/index.js";

export interface RoutedGarden {
  readonly defaultTracker: Tracker;
  /** A tracker for another repository, with the same token and settings. */
  readonly openFor: (repo: string) => Tracker;
  readonly routes: readonly RouteConfig[];
  readonly maxNewIssues: number;
  readonly garden: (tracker: Tracker, judged: readonly JudgedCluster[], maxNewIssues: number) => Promise<TrackerOutcome>;
}

export async function gardenRouted(judged: readonly JudgedCluster[], opts: RoutedGarden): Promise<TrackerOutcome> {
  // The local tracker has one issue list: routing there only adds labels.
  const repoOf = (j: JudgedCluster): string | undefined => (opts.defaultTracker.kind === "github" ? routeFor(j.cluster.service, opts.routes)?.repo : undefined);
  const groups = new Map<string | undefined, JudgedCluster[]>();
  for (const j of judged) {
    const repo = repoOf(j) === opts.defaultTracker.repo ? undefined : repoOf(j);
    groups.set(repo, [...(groups.get(repo) ?? []), j]);
  }
  const outcomes: TrackerOutcome[] = [];
  let capLeft = opts.maxNewIssues;
  // The default repository first, then the others in the order their first problem ranks.
  for (const [repo, group] of [...groups].sort(([a], [b]) => (a === undefined ? -1 : b === undefined ? 1 : 0))) {
    const outcome = await opts.garden(repo === undefined ? opts.defaultTracker : opts.openFor(repo), group, capLeft);
    capLeft = Math.max(0, capLeft - outcome.actions.filter((a) => a.kind === "create" && a.status !== "failed").length);
    outcomes.push(outcome);
  }
  return mergeOutcomes(outcomes, judged);
}

function mergeOutcomes(outcomes: readonly TrackerOutcome[], judged: readonly JudgedCluster[]): TrackerOutcome {
  const [first, ...rest] = outcomes;
  if (!first) throw new InternalError("the tracker ran for no repository");
  if (rest.length === 0) return first;
  const rank = new Map(judged.map((j, i) => [j.cluster.fingerprint, i]));
  const requests: Record<string, number> = {};
  for (const o of outcomes) for (const [k, n] of Object.entries(o.requests)) requests[k] = (requests[k] ?? 0) + n;
  return {
    ...first,
    repo: outcomes.map((o) => o.repo).filter((r): r is string => r !== undefined).join(", "),
    actions: outcomes.flatMap((o) => o.actions).sort((a, b) => (rank.get(a.fingerprint) ?? 0) - (rank.get(b.fingerprint) ?? 0)),
    requests,
  };
}
