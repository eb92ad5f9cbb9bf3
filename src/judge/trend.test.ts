import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { hourlyRuns } from "../../test/builders/report-builder.js";
import { JudgeConfigSchema } from "../config/sections/judge.js";
import { binomialUpperTail, judgeTrend, median, seasonalBaseline } from "./trend.js";

const options = JudgeConfigSchema.parse({}); // factor 2, exit at 1.5×, 7 days, 1 day needed, ±60 min, chance under 1 in 10,000
const START = "2025-09-15T12:00:00Z";

/** This hour's window, 12:00–13:00 on 2025-09-15. */
function current(count: number) {
  return { count, minutes: 60, start: START };
}

/** `days` days of hourly runs before 12:00 on 2025-09-15, `perHour(hourOfDay)` entries each hour. */
function days(count: number, perHour: (hour: number) => number) {
  return hourlyRuns(
    Array.from({ length: count * 24 }, (_, i) => perHour((12 + i) % 24)),
    START,
  );
}

/** A daily rhythm: 10 at night, 60 at the 12:00 peak. */
const rhythm = (hour: number) => Math.round(35 - 25 * Math.cos(((hour - 0) / 24) * 2 * Math.PI));

describe("median", () => {
  const cases: readonly [number[], number][] = [
    [[], 0],
    [[3], 3],
    [[1, 9, 2], 2],
    [[1, 2, 3, 100], 2.5],
  ];
  for (const [values, expected] of cases) test(`median of [${values.join(", ")}] is ${expected}`, () => assert.equal(median(values), expected));
});

describe("binomial upper tail (the exact test of two Poisson rates)", () => {
  const cases: readonly [number, number, number, number, number][] = [
    // k, n, p, expected, tolerance
    [0, 10, 0.5, 1, 0],
    [4, 10, 0.5, 1, 0], // at or below the mean
    [8, 10, 0.5, 0.0546875, 1e-9],
    [10, 10, 0.5, 0.0009765625, 1e-12],
    [17, 27, 1 / 3, 0.00149, 5e-5],
  ];
  for (const [k, n, p, expected, tolerance] of cases) {
    test(`P(X ≥ ${k}) for Binomial(${n}, ${Math.round(p * 1000) / 1000}) is ${expected}`, () => {
      const got = binomialUpperTail(k, n, p);
      assert.ok(Math.abs(got - expected) <= tolerance, String(got));
    });
  }
  test("counts in the millions stay finite and tiny", () => {
    const got = binomialUpperTail(2_000_000, 2_000_100, 0.5);
    assert.ok(got >= 0 && got < 1e-100);
  });
});

describe("seasonal baseline", () => {
  test("the same hours of earlier days make the baseline, each day the mean of its runs within ±60 min", () => {
    const baseline = seasonalBaseline(days(4, rhythm), Date.parse(START), 60, { ...options, seasonalDays: 3 });
    assert.equal(baseline.days, 3);
    assert.equal(baseline.runs, 9); // 11:00, 12:00 and 13:00 of each day
    assert.ok(Math.abs(baseline.ratePerMinute - (rhythm(11) + rhythm(12) + rhythm(13)) / 3 / 60) < 1e-9);
  });

  test("only seasonalDays days back count", () => {
    assert.equal(seasonalBaseline(days(10, rhythm), Date.parse(START), 60, options).days, 7);
  });

  test("the hours before this one on the same day are not a baseline", () => {
    assert.equal(seasonalBaseline(hourlyRuns([10, 10, 10, 10, 10, 10], START), Date.parse(START), 60, options).days, 0);
  });
});

describe("trend", () => {
  test("a cluster without history is new", () => {
    assert.deepEqual(judgeTrend(undefined, current(60), options).trend, { kind: "new" });
  });

  test("less than a day of history is no baseline, and the rate escalates nothing", () => {
    const verdict = judgeTrend(hourlyRuns([5, 5, 5, 5, 5], START), current(500), options);
    assert.deepEqual(verdict.trend, { kind: "no_baseline" });
    assert.match(verdict.reason, /^trend: no baseline \(0 earlier days covered these hours, 1 needed\); the rate escalates nothing$/);
  });

  test("a window without a start time has no baseline", () => {
    assert.equal(judgeTrend(days(2, rhythm), { count: 60, minutes: 60 }, options).trend.kind, "no_baseline");
  });

  test("the daily peak against the same hours yesterday is steady, though it is 6× the night", () => {
    const verdict = judgeTrend(days(1, rhythm), current(rhythm(12)), options);
    assert.equal(verdict.trend.kind, "steady", verdict.reason);
  });

  test("four times the same hours of earlier days is rising, and the reason gives the chance", () => {
    const verdict = judgeTrend(days(2, () => 30), current(120), options);
    assert.deepEqual(verdict.trend, { kind: "rising", baselineRate: 0.5, factor: 4 });
    assert.match(verdict.reason, /^trend: rising, 2\/min \(120 in 1h\) vs 30\/h at these hours on 2 earlier days = 4× ≥ 2×, by chance under 1 in a million$/);
  });

  test("twice a small baseline that chance explains is steady, and the reason says so", () => {
    const verdict = judgeTrend(days(1, () => 6), current(12), options);
    assert.equal(verdict.trend.kind, "steady");
    assert.match(verdict.reason, /but a count this high happens by chance \d+% \(a rise needs under 1 in 10,000\)/);
  });

  test("one bad day does not move the median over days", () => {
    const runs = days(5, () => 30).map((run, i) => (i >= 24 && i < 48 ? { ...run, count: 600, ratePerMinute: 10 } : run));
    assert.equal(judgeTrend(runs, current(120), options).trend.kind, "rising");
  });

  test("fewer than minTrendCount entries is never a rise", () => {
    const verdict = judgeTrend(days(2, () => 0), current(9), options);
    assert.equal(verdict.trend.kind, "steady");
    assert.match(verdict.reason, /too few to call a rise/);
  });

  test("once rising, 1.7× stays rising (hysteresis: a rise ends below 1.5×)", () => {
    const runs = days(2, () => 30);
    const rising = [...runs.slice(0, -1), { ...runs.at(-1)!, count: 120, ratePerMinute: 2 }];
    assert.equal(judgeTrend(rising, current(51), options).trend.kind, "rising");
    assert.equal(judgeTrend(runs, current(51), options).trend.kind, "steady");
    assert.equal(judgeTrend(rising, current(40), options).trend.kind, "steady");
  });

  test("half the same hours of earlier days is falling", () => {
    assert.equal(judgeTrend(days(2, () => 60), current(20), options).trend.kind, "falling");
  });
});
