// The cluster's rate against the same hours of earlier days, with hysteresis so the verdict does not flap.
import type { ClusterRunPoint } from "../model/history.js";
import type { Trend } from "../model/judgement.js";
import { formatFactor, formatRatePerUnit } from "../model/figures.js";
import { describeRate } from "./explain.js";

export interface TrendOptions {
  readonly escalationFactor: number;
  readonly trendExitFraction: number;
  readonly minTrendCount: number;
  readonly minBaselineRatePerMinute: number;
  readonly seasonalDays: number;
  readonly minBaselineDays: number;
  readonly seasonalToleranceMinutes: number;
  readonly riseSignificance: number;
  /** Earlier runs replayed to know whether the cluster was already rising (hysteresis). */
  readonly lowerAfterRuns: number;
}

export interface TrendVerdict {
  readonly trend: Trend;
  readonly reason: string;
}

/** This run's window: its count, length and start (the start places it in the day). */
export interface TrendWindow {
  readonly count: number;
  readonly minutes: number;
  readonly start?: string;
}

type Direction = "rising" | "steady" | "falling";

const DAY_MS = 86_400_000;

/** Median of the values; 0 for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

/** A seasonal baseline: the median over earlier days of each day's mean rate at these hours. */
export interface SeasonalBaseline {
  readonly ratePerMinute: number;
  /** Earlier days that covered these hours. */
  readonly days: number;
  /** Runs those days' rates were taken over. */
  readonly runs: number;
  /** Minutes over all those runs, for the test of whether a rise is chance. */
  readonly minutes: number;
}

function pointMinutes(point: ClusterRunPoint): number | undefined {
  if (!point.windowStart || !point.windowEnd) return undefined;
  const minutes = (Date.parse(point.windowEnd) - Date.parse(point.windowStart)) / 60_000;
  return Number.isFinite(minutes) && minutes > 0 ? minutes : undefined;
}

/**
 * Runs of earlier days at the same time of day as a window starting at `startMs`: for day k (1..seasonalDays), runs
 * whose window starts within the tolerance (at least half the window) of `startMs − k days`. Each day's rate is the
 * mean over its runs (one hourly run is a small sample); the baseline is the median over days, so one bad day does
 * not move it. Weekly rhythms average out over `seasonalDays` = 7.
 */
export function seasonalBaseline(
  runs: readonly ClusterRunPoint[],
  startMs: number,
  minutes: number,
  options: Pick<TrendOptions, "seasonalDays" | "seasonalToleranceMinutes">,
): SeasonalBaseline {
  const toleranceMs = Math.max(options.seasonalToleranceMinutes * 60_000, (minutes * 60_000) / 2);
  const perDay = new Map<number, { count: number; minutes: number; runs: number }>();
  for (const run of runs) {
    const runMinutes = pointMinutes(run);
    if (runMinutes === undefined || !run.windowStart) continue;
    const runStart = Date.parse(run.windowStart);
    const day = Math.round((startMs - runStart) / DAY_MS);
    if (day < 1 || day > options.seasonalDays) continue;
    if (Math.abs(runStart - (startMs - day * DAY_MS)) > toleranceMs) continue;
    const sum = perDay.get(day) ?? { count: 0, minutes: 0, runs: 0 };
    sum.count += run.count;
    sum.minutes += runMinutes;
    sum.runs += 1;
    perDay.set(day, sum);
  }
  const rates = [...perDay.values()].map((d) => d.count / d.minutes);
  const all = [...perDay.values()];
  return {
    ratePerMinute: median(rates),
    days: perDay.size,
    runs: all.reduce((n, d) => n + d.runs, 0),
    minutes: all.reduce((n, d) => n + d.minutes, 0),
  };
}

/** ln(k!) by summing for small k and Stirling's series beyond, precise to ~1e-10 for what a tail needs. */
function logFactorial(k: number): number {
  if (k < 20) {
    let sum = 0;
    for (let i = 2; i <= k; i += 1) sum += Math.log(i);
    return sum;
  }
  return k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k) + 1 / (12 * k) - 1 / (360 * k ** 3);
}

/**
 * P(X ≥ k) for X ~ Binomial(n, p), summed in log space from k upward until the terms vanish.
 * The exact test of two Poisson rates: given k entries now and the baseline's entries, with n the two together and
 * p this window's share of the time, equal rates put k at Binomial(n, p). Unlike a Poisson test at the baseline's
 * rate, it knows a baseline of 10 entries is itself uncertain.
 */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n || p <= 0) return 0;
  if (p >= 1) return 1;
  if (k <= n * p) return 1; // at or below the mean: not a rise
  const logTerm = (x: number): number => logFactorial(n) - logFactorial(x) - logFactorial(n - x) + x * Math.log(p) + (n - x) * Math.log(1 - p);
  const first = logTerm(k);
  let sum = 0;
  for (let x = k; x <= n; x += 1) {
    const term = Math.exp(logTerm(x) - first);
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return Math.min(1, Math.exp(first) * sum);
}

function thresholds(options: TrendOptions): { enterUp: number; exitUp: number; enterDown: number; exitDown: number } {
  const enterUp = options.escalationFactor;
  const exitUp = 1 + (enterUp - 1) * options.trendExitFraction;
  return { enterUp, exitUp, enterDown: 1 / enterUp, exitDown: 1 / exitUp };
}

interface Classified {
  readonly direction: Direction;
  readonly factor: number;
  /** P(count this high by chance), for the reason. */
  readonly chance: number;
}

function classify(window: { count: number; minutes: number }, baseline: SeasonalBaseline, previous: Direction, options: TrendOptions): Classified {
  const baselineRate = baseline.ratePerMinute;
  const rate = window.count / window.minutes;
  const factor = rate / Math.max(baselineRate, options.minBaselineRatePerMinute);
  // The baseline's entries at its median rate over all its minutes: as much evidence as it has, and one bad day still ignored.
  const baselineCount = Math.round(baselineRate * baseline.minutes);
  const chance = binomialUpperTail(window.count, window.count + baselineCount, window.minutes / (window.minutes + baseline.minutes));
  const { enterUp, exitUp, enterDown, exitDown } = thresholds(options);
  const enoughNow = window.count >= options.minTrendCount;
  const enoughBefore = baselineRate * window.minutes >= options.minTrendCount;
  // Entering a rise needs the factor and a count unlikely by chance; staying in one only the lower factor (hysteresis).
  if (enoughNow && ((factor >= enterUp && chance < options.riseSignificance) || (previous === "rising" && factor >= exitUp))) {
    return { direction: "rising", factor, chance };
  }
  if (enoughBefore && (factor <= enterDown || (previous === "falling" && factor <= exitDown))) return { direction: "falling", factor, chance };
  return { direction: "steady", factor, chance };
}

/** Replays the last earlier runs against their own seasonal baselines, so hysteresis needs nothing stored. */
function previousDirection(runs: readonly ClusterRunPoint[], options: TrendOptions): Direction {
  let direction: Direction = "steady";
  for (let index = Math.max(0, runs.length - options.lowerAfterRuns); index < runs.length; index += 1) {
    const point = runs[index];
    const minutes = point ? pointMinutes(point) : undefined;
    if (!point?.windowStart || minutes === undefined) continue;
    const baseline = seasonalBaseline(runs.slice(0, index), Date.parse(point.windowStart), minutes, options);
    if (baseline.days < options.minBaselineDays) {
      direction = "steady";
      continue;
    }
    direction = classify({ count: point.count, minutes }, baseline, direction, options).direction;
  }
  return direction;
}

function formatChance(p: number): string {
  if (p >= 0.01) return `${Math.round(p * 100)}%`;
  if (p >= 1e-6) return `1 in ${Math.round(1 / p).toLocaleString("en-US")}`;
  return "under 1 in a million";
}

/**
 * `runs` are the earlier runs that covered this cluster, oldest first (0 where it did not occur); `undefined` when
 * no run ever saw it. Rising needs `minTrendCount` entries, `escalationFactor` × the seasonal baseline and a count
 * unlikely by chance; falling needs the baseline to have held `minTrendCount` entries over a window this long.
 */
export function judgeTrend(runs: readonly ClusterRunPoint[] | undefined, current: TrendWindow, options: TrendOptions): TrendVerdict {
  if (runs === undefined) return { trend: { kind: "new" }, reason: "trend: new, no earlier run saw this cluster" };
  const startMs = current.start ? Date.parse(current.start) : Number.NaN;
  const baseline = Number.isNaN(startMs) ? undefined : seasonalBaseline(runs, startMs, current.minutes, options);
  if (baseline === undefined || baseline.days < options.minBaselineDays) {
    const had = baseline === undefined ? "the window has no start time" : `${baseline.days} earlier day${baseline.days === 1 ? "" : "s"} covered these hours, ${options.minBaselineDays} needed`;
    return { trend: { kind: "no_baseline" }, reason: `trend: no baseline (${had}); the rate escalates nothing` };
  }
  const previous = previousDirection(runs, options);
  const { direction, factor, chance } = classify(current, baseline, previous, options);
  const { enterUp, exitUp } = thresholds(options);
  const rounded = Math.round(factor * 1000) / 1000;
  const baselineRate = baseline.ratePerMinute;
  const days = `${baseline.days} earlier day${baseline.days === 1 ? "" : "s"}`;
  const base = `${describeRate(current.count, current.minutes)} vs ${formatRatePerUnit(baselineRate)} at these hours on ${days} = ${formatFactor(factor)}`;
  switch (direction) {
    case "rising":
      return {
        trend: { kind: "rising", baselineRate, factor: rounded },
        reason:
          previous === "rising" && factor < enterUp
            ? `trend: still rising, ${base} (rising ends below ${formatFactor(exitUp)})`
            : `trend: rising, ${base} ≥ ${formatFactor(enterUp)}, by chance ${formatChance(chance)}`,
      };
    case "falling":
      return { trend: { kind: "falling", baselineRate, factor: rounded }, reason: `trend: falling, ${base}` };
    case "steady": {
      const why =
        factor >= enterUp && current.count < options.minTrendCount
          ? ` but under ${options.minTrendCount} entries is too few to call a rise`
          : factor >= enterUp
            ? ` but a count this high happens by chance ${formatChance(chance)} (a rise needs under ${formatChance(options.riseSignificance)})`
            : "";
      return { trend: { kind: "steady", baselineRate, factor: rounded }, reason: `trend: steady, ${base}${why}` };
    }
  }
}
