// The cluster's rate against its own baseline over earlier runs, with hysteresis so the verdict does not flap.
import type { ClusterRunPoint } from "../model/history.js";
import type { Trend } from "../model/judgement.js";
import { formatFactor, formatRatePerUnit } from "../model/figures.js";
import { describeRate } from "./explain.js";

export interface TrendOptions {
  readonly escalationFactor: number;
  readonly trendExitFraction: number;
  readonly baselineRuns: number;
  readonly minTrendCount: number;
  readonly minBaselineRatePerMinute: number;
}

export interface TrendVerdict {
  readonly trend: Trend;
  readonly reason: string;
}

type Direction = "rising" | "steady" | "falling";

interface Observation {
  readonly count: number;
  readonly ratePerMinute: number;
  /** Window length, when known; needed only to tell whether the baseline held enough entries to call a fall. */
  readonly minutes?: number;
}

/**
 * Median, not mean: one burst run (a deploy gone wrong, a retry storm) would drag a mean up for
 * `baselineRuns` runs and hide the next real rise; the median ignores it as long as it is a minority.
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

function pointMinutes(point: ClusterRunPoint): number | undefined {
  if (point.windowStart && point.windowEnd) {
    const minutes = (Date.parse(point.windowEnd) - Date.parse(point.windowStart)) / 60_000;
    if (Number.isFinite(minutes) && minutes > 0) return Math.max(1, minutes);
  }
  return point.ratePerMinute > 0 ? point.count / point.ratePerMinute : undefined;
}

function thresholds(options: TrendOptions): { enterUp: number; exitUp: number; enterDown: number; exitDown: number } {
  const enterUp = options.escalationFactor;
  const exitUp = 1 + (enterUp - 1) * options.trendExitFraction;
  return { enterUp, exitUp, enterDown: 1 / enterUp, exitDown: 1 / exitUp };
}

function classify(now: Observation, baselineRate: number, previous: Direction, options: TrendOptions): { direction: Direction; factor: number } {
  const factor = now.ratePerMinute / Math.max(baselineRate, options.minBaselineRatePerMinute);
  const { enterUp, exitUp, enterDown, exitDown } = thresholds(options);
  const enoughNow = now.count >= options.minTrendCount;
  const enoughBefore = now.minutes !== undefined && baselineRate * now.minutes >= options.minTrendCount;
  if (enoughNow && (factor >= enterUp || (previous === "rising" && factor >= exitUp))) return { direction: "rising", factor };
  if (enoughBefore && (factor <= enterDown || (previous === "falling" && factor <= exitDown))) return { direction: "falling", factor };
  return { direction: "steady", factor };
}

/** Replays earlier runs so the previous direction is known without storing it: same history, same answer. */
function previousDirection(runs: readonly ClusterRunPoint[], options: TrendOptions): Direction {
  let direction: Direction = "steady";
  for (let index = 1; index < runs.length; index += 1) {
    const point = runs[index];
    if (!point) continue;
    const window = runs.slice(Math.max(0, index - options.baselineRuns), index).map((run) => run.ratePerMinute);
    const minutes = pointMinutes(point);
    const observation: Observation = { count: point.count, ratePerMinute: point.ratePerMinute, ...(minutes !== undefined ? { minutes } : {}) };
    direction = classify(observation, median(window), direction, options).direction;
  }
  return direction;
}

/**
 * `runs` are the earlier runs that saw this cluster, oldest first; `undefined` when the cluster has no history at all.
 * Rising needs at least `minTrendCount` entries now; falling needs the baseline to have held that many.
 */
export function judgeTrend(
  runs: readonly ClusterRunPoint[] | undefined,
  current: { readonly count: number; readonly minutes: number },
  options: TrendOptions,
): TrendVerdict {
  if (runs === undefined) return { trend: { kind: "new" }, reason: "trend: new, no earlier run saw this cluster" };
  if (runs.length === 0) return { trend: { kind: "no_baseline" }, reason: "trend: no earlier run recorded a rate for this cluster" };
  const recent = runs.slice(-options.baselineRuns);
  const baselineRate = median(recent.map((run) => run.ratePerMinute));
  const previous = previousDirection(runs, options);
  const observation: Observation = { count: current.count, ratePerMinute: current.count / current.minutes, minutes: current.minutes };
  const { direction, factor } = classify(observation, baselineRate, previous, options);
  const { enterUp, exitUp } = thresholds(options);
  const rounded = Math.round(factor * 1000) / 1000;
  const base = `${describeRate(current.count, current.minutes)} vs baseline ${formatRatePerUnit(baselineRate)} (median of ${recent.length} run${recent.length === 1 ? "" : "s"}) = ${formatFactor(factor)}`;
  switch (direction) {
    case "rising":
      return {
        trend: { kind: "rising", baselineRate, factor: rounded },
        reason:
          previous === "rising" && factor < enterUp
            ? `trend: still rising, ${base} (rising ends below ${formatFactor(exitUp)})`
            : `trend: rising, ${base} ≥ ${formatFactor(enterUp)}`,
      };
    case "falling":
      return { trend: { kind: "falling", baselineRate, factor: rounded }, reason: `trend: falling, ${base}` };
    case "steady": {
      const tooFew = current.count < options.minTrendCount && factor >= enterUp;
      return {
        trend: { kind: "steady", baselineRate, factor: rounded },
        reason: tooFew ? `trend: steady, ${base} but under ${options.minTrendCount} entries is too few to call a rise` : `trend: steady, ${base}`,
      };
    }
  }
}
