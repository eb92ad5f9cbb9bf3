/**
 * Hourly counts of problems with a daily rhythm, seeded: for judging over many runs (the baseline must know the
 * clock, a steady problem must keep its priority, a spike must be raised and lowered again).
 */
import type { Random } from "./random.js";

export interface RhythmProblem {
  readonly key: string;
  /** Mean entries per hour over a day. */
  readonly meanPerHour: number;
  /** 0: flat; 0.8: the peak hour has 1.8× the mean and the quietest 0.2×. */
  readonly amplitude: number;
  /** UTC hour of the daily peak. */
  readonly peakHour: number;
  /** From `fromHour` (counted from the series' start) for `hours`, `factor` × the usual count. */
  readonly spike?: { readonly fromHour: number; readonly hours: number; readonly factor: number };
}

/** The expected count of a problem in an hour starting at `hourOfDay` (UTC), spike aside. */
export function expectedPerHour(problem: RhythmProblem, hourOfDay: number): number {
  const phase = ((hourOfDay + 0.5 - problem.peakHour) / 24) * 2 * Math.PI;
  return problem.meanPerHour * (1 + problem.amplitude * Math.cos(phase));
}

/** Poisson arrivals in one hour: exponential gaps with the given mean rate (exact, and fine up to thousands). */
function poisson(rng: Random, mean: number): number {
  if (mean <= 0) return 0;
  let count = 0;
  for (let t = rng.exponential(1 / mean); t < 1; t += rng.exponential(1 / mean)) count += 1;
  return count;
}

/** Counts per hour for `hours` hours starting at UTC hour `startHourOfDay`. */
export function hourlyCounts(problem: RhythmProblem, hours: number, startHourOfDay: number, rng: Random): number[] {
  return Array.from({ length: hours }, (_, hour) => {
    const spike = problem.spike && hour >= problem.spike.fromHour && hour < problem.spike.fromHour + problem.spike.hours ? problem.spike.factor : 1;
    return poisson(rng, expectedPerHour(problem, (startHourOfDay + hour) % 24) * spike);
  });
}
