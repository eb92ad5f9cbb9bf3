import type { CoveredRange } from "../model/counted.js";
import { severityRank, type Severity } from "../model/severity.js";

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

/** A run as `coveredRanges` reads it (a StoredRun fits). */
export interface ReadRun {
  readonly window: { readonly start?: string; readonly end?: string };
  readonly outcome: { readonly kind: "complete" | "partial" | "failed" };
  readonly query: { readonly minSeverity: Severity };
  /** Empty: nothing is known, so every service. */
  readonly coveredServices: readonly string[];
}

/** Ranges a counted read's query carries at most; past it the oldest are left out (their entries would count again). */
const MAX_COVERED_RANGES = 64;

/**
 * What earlier runs read completely, for a read of `within` by a query engine that keeps no entry
 * keys: each complete run's window, clipped to `within`, with the services it covered and its
 * minimum severity; overlapping or touching windows of the same services and severity are one range.
 * A partial or failed run covers nothing: some of its entries may not have been counted. Coverage is
 * by time, service and severity, not by source: a run over other data in the same window covers it too.
 */
export function coveredRanges(runsNewestFirst: readonly ReadRun[], within: { readonly startMs?: number; readonly endMs?: number }): CoveredRange[] {
  const bySet = new Map<string, { services: string[]; minSeverity: Severity; spans: [number, number][] }>();
  let kept = 0;
  for (const run of runsNewestFirst) {
    if (run.outcome.kind !== "complete" || run.window.start === undefined || run.window.end === undefined) continue;
    const startMs = Math.max(Date.parse(run.window.start), within.startMs ?? Number.NEGATIVE_INFINITY);
    const endMs = Math.min(Date.parse(run.window.end), within.endMs ?? Number.POSITIVE_INFINITY);
    if (!(startMs <= endMs)) continue;
    if (kept >= MAX_COVERED_RANGES) break;
    kept += 1;
    const services = [...new Set(run.coveredServices)].sort();
    const key = JSON.stringify([services, run.query.minSeverity]);
    const set = bySet.get(key) ?? { services, minSeverity: run.query.minSeverity, spans: [] };
    set.spans.push([startMs, endMs]);
    bySet.set(key, set);
  }
  const ranges: CoveredRange[] = [];
  for (const { services, minSeverity, spans } of bySet.values()) {
    spans.sort((a, b) => a[0] - b[0]);
    let current: [number, number] | undefined;
    for (const span of spans) {
      if (current !== undefined && span[0] <= current[1]) current[1] = Math.max(current[1], span[1]);
      else {
        if (current !== undefined) ranges.push({ startMs: current[0], endMs: current[1], services, minSeverity });
        current = [...span];
      }
    }
    if (current !== undefined) ranges.push({ startMs: current[0], endMs: current[1], services, minSeverity });
  }
  return ranges;
}

/**
 * Whether an entry lies in a covered range, as the query's new-entry term decides it (time within the
 * range, ends included; a service the run read, or none; a severity it kept), so an entry re-read from
 * a counted source is new exactly when the engine would have counted it new.
 */
export function isCovered(entry: { readonly timeMs?: number; readonly service?: string; readonly severity: Severity }, ranges: readonly CoveredRange[]): boolean {
  const timeMs = entry.timeMs;
  if (timeMs === undefined) return false;
  return ranges.some(
    (range) =>
      timeMs >= Math.floor(range.startMs) &&
      timeMs <= Math.ceil(range.endMs) &&
      (range.services.length === 0 || entry.service === undefined || range.services.includes(entry.service)) &&
      (entry.severity === "DEFAULT" || severityRank(entry.severity) >= severityRank(range.minSeverity)),
  );
}
