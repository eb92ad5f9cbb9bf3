/** A run as far as baselines care: when it ran, what window and which services it read. */
export interface CoverageRun {
  /** Order of execution; later runs have larger numbers. */
  readonly seq: number;
  readonly runId: string;
  readonly windowStart?: string;
  readonly windowEnd?: string;
  readonly finishedAt: string;
  /** Services the run asked for; empty means every service in its inputs. */
  readonly services: readonly string[];
  readonly failed: boolean;
  /** Some source was truncated or failed: a cluster's absence from it is no evidence of a zero. */
  readonly partial: boolean;
}

/**
 * The runs a baseline may use, newest first: failed runs are dropped, and of several runs over the
 * same window and services only the latest counts, so reading a window twice does not weigh it twice.
 * With `since`, runs whose window ended before it are dropped too (a baseline over days, not runs).
 */
export function baselineCandidates(runsNewestFirst: readonly CoverageRun[], since?: string): CoverageRun[] {
  const seenWindows = new Set<string>();
  const candidates: CoverageRun[] = [];
  const sinceMs = since === undefined ? Number.NEGATIVE_INFINITY : Date.parse(since);
  for (const run of runsNewestFirst) {
    if (run.failed) continue;
    if (Date.parse(run.windowEnd ?? run.finishedAt) < sinceMs) continue;
    if (run.windowStart !== undefined && run.windowEnd !== undefined) {
      const window = JSON.stringify([run.windowStart, run.windowEnd, [...run.services].sort()]);
      if (seenWindows.has(window)) continue;
      seenWindows.add(window);
    }
    candidates.push(run);
  }
  return candidates;
}

/**
 * The newest `limit` candidate runs that covered a cluster, newest first: runs since the cluster was
 * first seen that read its service completely, and any run where it was counted (never before
 * `firstRunSeq`: the store records the first run that counted it). A covered run
 * without a count is a zero in the baseline, which is what keeps a baseline honest for bursty
 * clusters; a partial run that did not count it says nothing, so it is left out.
 */
export function selectCoveringRuns(
  candidatesNewestFirst: readonly CoverageRun[],
  cluster: { readonly firstRunSeq: number; readonly service?: string },
  limit: number,
  wasCounted: (seq: number) => boolean,
): CoverageRun[] {
  const selected: CoverageRun[] = [];
  for (const run of candidatesNewestFirst) {
    // Candidates come newest first, and no run before the first one that saw the cluster counted it.
    if (selected.length >= limit || run.seq < cluster.firstRunSeq) break;
    const readsService = cluster.service === undefined || run.services.length === 0 || run.services.includes(cluster.service);
    if ((readsService && !run.partial) || wasCounted(run.seq)) selected.push(run);
  }
  return selected;
}
