import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { runsAtRates } from "../../test/builders/report-builder.js";
import { JudgeConfigSchema } from "../config/sections/judge.js";
import { judgeTrend, median } from "./trend.js";

const options = JudgeConfigSchema.parse({}); // factor 2, exit at 1.5×, 7 runs, min 10 entries

/** A current window of 60 minutes at `rate` per minute. */
function current(rate: number): { count: number; minutes: number } {
  return { count: Math.round(rate * 60), minutes: 60 };
}

describe("median baseline", () => {
  const cases: readonly [number[], number][] = [
    [[], 0],
    [[3], 3],
    [[1, 9, 2], 2],
    [[1, 2, 3, 100], 2.5],
  ];
  for (const [values, expected] of cases) test(`median of [${values.join(", ")}] is ${expected}`, () => assert.equal(median(values), expected));
});

describe("trend", () => {
  test("a cluster without history is new", () => {
    assert.deepEqual(judgeTrend(undefined, current(1), options).trend, { kind: "new" });
  });

  test("a known cluster with no runs has no baseline", () => {
    assert.deepEqual(judgeTrend([], current(1), options).trend, { kind: "no_baseline" });
  });

  test("twice the median baseline is rising", () => {
    const verdict = judgeTrend(runsAtRates([1, 1, 1]), current(2), options);
    assert.deepEqual(verdict.trend, { kind: "rising", baselineRate: 1, factor: 2 });
    assert.match(verdict.reason, /^trend: rising, 2\/min \(120 in 1h\) vs baseline 1\/min \(median of 3 runs\) = 2× ≥ 2×$/);
  });

  test("one burst run does not move the median baseline", () => {
    const verdict = judgeTrend(runsAtRates([1, 1, 50, 1, 1]), current(2.5), options);
    assert.equal(verdict.trend.kind, "rising");
  });

  test("only the last baselineRuns runs make the baseline", () => {
    const verdict = judgeTrend(runsAtRates([10, 10, 10, 10, 1, 1, 1, 1, 1, 1, 1]), current(1), options);
    assert.deepEqual(verdict.trend, { kind: "steady", baselineRate: 1, factor: 1 });
  });

  test("1.8× after a steady history is steady (below the 2× entry threshold)", () => {
    assert.equal(judgeTrend(runsAtRates([1, 1, 1]), current(1.8), options).trend.kind, "steady");
  });

  test("1.7× right after a rising run stays rising (hysteresis: rising ends below 1.5×)", () => {
    const verdict = judgeTrend(runsAtRates([1, 1, 1, 1, 1, 2.2]), current(1.7), options);
    assert.equal(verdict.trend.kind, "rising");
    assert.match(verdict.reason, /still rising.*rising ends below 1\.5×/);
  });

  test("dropping below the exit threshold ends a rise", () => {
    assert.equal(judgeTrend(runsAtRates([1, 1, 1, 1, 1, 2.2]), current(1.4), options).trend.kind, "steady");
  });

  test("a rate alternating around the threshold does not flip on every run", () => {
    const rates = [1, 1, 1, 1, 1, 2.1, 1.9, 2.05, 1.8];
    const kinds = rates.slice(5).map((_, i) => judgeTrend(runsAtRates(rates.slice(0, 5 + i)), current(rates[5 + i] ?? 0), options).trend.kind);
    assert.deepEqual(kinds, ["rising", "rising", "rising", "rising"]);
  });

  test("half the baseline is falling", () => {
    assert.equal(judgeTrend(runsAtRates([2, 2, 2]), current(1), options).trend.kind, "falling");
  });

  test("fewer than minTrendCount entries is never a rise, and the reason says so", () => {
    const verdict = judgeTrend(runsAtRates([0.02, 0.02]), { count: 5, minutes: 60 }, options);
    assert.equal(verdict.trend.kind, "steady");
    assert.match(verdict.reason, /under 10 entries is too few/);
  });

  test("a zero baseline uses the floor so the factor stays finite", () => {
    const verdict = judgeTrend(runsAtRates([0, 0]), current(1), options);
    assert.deepEqual(verdict.trend, { kind: "rising", baselineRate: 0, factor: 1000 });
  });
});
