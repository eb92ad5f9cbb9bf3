// The tracker stage once per target repository (routing.routes): each repository is read before
// judging, so the judge sees every routed problem's issue, then gardened, merged into one outcome
// in the judged order. Creations share the run's cap, and searches the run's budget, across repositories.
import type { RouteConfig } from "../config/sections/routing.js";
import { InternalError } from "../model/errors.js";
import type { IssueCluster } from "../model/cluster.js";
import type { PublishedIssue, TrackerState } from "../model/history.js";
import type { JudgedCluster } from "../model/judgement.js";
import type { TrackerOutcome } from "../model/tracker.js";
import { isTrackerRefusal, routeFor, type Tracker, type TrackerReading } from "../tracker/index.js";

export interface Routing {
  readonly defaultTracker: Tracker;
  /** A tracker for another repository, with the same token and settings; the same one each time it is asked. */
  readonly openFor: (repo: string) => Tracker;
  readonly routes: readonly RouteConfig[];
}

export interface RoutedGarden extends Routing {
  readonly maxNewIssues: number;
  /** Trackers gardened even when none of the run's problems go there (quiet issues to close). */
  readonly alsoGarden?: readonly Tracker[];
  readonly garden: (tracker: Tracker, judged: readonly JudgedCluster[], maxNewIssues: number) => Promise<TrackerOutcome>;
}

/** One repository's reading: its problems, and what its tracker said (none when it could not be read). */
export interface RepositoryReading {
  readonly clusters: readonly IssueCluster[];
  readonly reading?: TrackerReading;
}

/**
 * Items by the tracker their issues go to: the default tracker first (always, even with none),
 * then the routed repositories in the order their first item comes. The local tracker has one
 * issue list: routing there only adds labels.
 */
function byTracker<T>(items: readonly T[], serviceOf: (item: T) => string | undefined, routing: Routing): Map<Tracker, T[]> {
  const { defaultTracker } = routing;
  const groups = new Map<Tracker, T[]>([[defaultTracker, []]]);
  for (const item of items) {
    const repo = defaultTracker.kind === "github" ? routeFor(serviceOf(item), routing.routes)?.repo : undefined;
    const tracker = repo === undefined || repo === defaultTracker.repo ? defaultTracker : routing.openFor(repo);
    const group = groups.get(tracker);
    if (group) group.push(item);
    else groups.set(tracker, [item]);
  }
  return groups;
}

/**
 * Reads every repository the run's problems go to, each with its own problems, before the judge
 * decides. A repository that cannot be read is left unread (the gardener reads it again and
 * defers); a refusal (bad token, no such repository) stops the run.
 */
export async function readRouted(
  clusters: readonly IssueCluster[],
  routing: Routing & { readonly maxSearches: number },
  read: (tracker: Tracker, clusters: readonly IssueCluster[], maxSearches: number) => Promise<TrackerReading>,
): Promise<Map<Tracker, RepositoryReading>> {
  const out = new Map<Tracker, RepositoryReading>();
  let searchesLeft = routing.maxSearches;
  for (const [tracker, group] of byTracker(clusters, (c) => c.service, routing)) {
    try {
      const reading = await read(tracker, group, searchesLeft);
      searchesLeft = reading.searchesLeft;
      out.set(tracker, { clusters: group, reading });
    } catch (error) {
      if (isTrackerRefusal(error)) throw error;
      out.set(tracker, { clusters: group });
    }
  }
  return out;
}

/**
 * What the judge decides from: every repository's issues. A problem's own repository speaks for
 * it; another repository's issue for the same fingerprint (filed before a route changed) does not.
 */
export function mergedState(readings: ReadonlyMap<Tracker, RepositoryReading>): TrackerState {
  const issues = new Map<string, PublishedIssue>();
  const gone = new Map<string, number>();
  for (const { clusters, reading } of readings.values()) {
    if (!reading) continue;
    for (const fp of clusters.flatMap((c) => [c.fingerprint, ...c.aliases])) {
      const issue = reading.state.issues.get(fp);
      if (issue) issues.set(fp, issue);
      const number = reading.state.gone.get(fp);
      if (number !== undefined) gone.set(fp, number);
    }
  }
  for (const { reading } of readings.values()) {
    for (const [fp, issue] of reading?.state.issues ?? []) if (!issues.has(fp)) issues.set(fp, issue);
  }
  return { issues, gone };
}

export async function gardenRouted(judged: readonly JudgedCluster[], opts: RoutedGarden): Promise<TrackerOutcome> {
  const groups = byTracker(judged, (j) => j.cluster.service, opts);
  const outcomes: TrackerOutcome[] = [];
  let capLeft = opts.maxNewIssues;
  for (const [tracker, group] of groups) {
    if (group.length === 0 && !opts.alsoGarden?.includes(tracker)) continue;
    const outcome = await opts.garden(tracker, group, capLeft);
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
