import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { baselineCandidates, coveredRanges, isCovered, selectCoveringRuns, type CoverageRun, type ReadRun } from "./coverage.js";

const run = (seq: number, overrides: Partial<CoverageRun> = {}): CoverageRun => ({
  seq,
  runId: `r${seq}`,
  windowStart: `2026-11-20T${String(seq).padStart(2, "0")}:00:00Z`,
  windowEnd: `2026-11-20T${String(seq + 1).padStart(2, "0")}:00:00Z`,
  finishedAt: "2026-11-21T00:00:00Z",
  services: ["api"],
  failed: false,
  partial: false,
  ...overrides,
});
const ids = (runs: readonly CoverageRun[]) => runs.map((r) => r.runId);

test("baseline candidates drop failed runs", () => {
  assert.deepEqual(ids(baselineCandidates([run(3), run(2, { failed: true }), run(1)])), ["r3", "r1"]);
});

test("of runs over the same window and services only the newest is a candidate", () => {
  const same = { windowStart: "2026-11-20T01:00:00Z", windowEnd: "2026-11-20T02:00:00Z" };
  assert.deepEqual(ids(baselineCandidates([run(3, same), run(2, same), run(1, { ...same, services: ["web"] })])), ["r3", "r1"]);
});

test("runs without a window are never taken for repeats of each other", () => {
  const open = { windowStart: undefined, windowEnd: undefined };
  assert.deepEqual(ids(baselineCandidates([run(2, open), run(1, open)])), ["r2", "r1"]);
});

const cases: readonly { name: string; cluster: { firstRunSeq: number; service?: string }; counted: number[]; limit: number; expected: string[] }[] = [
  { name: "runs before the cluster was first seen do not cover it", cluster: { firstRunSeq: 2, service: "api" }, counted: [2], limit: 9, expected: ["r4", "r3", "r2"] },
  { name: "the newest runs first, at most limit", cluster: { firstRunSeq: 1, service: "api" }, counted: [], limit: 2, expected: ["r4", "r3"] },
  { name: "a run of another service covers it only if it counted it", cluster: { firstRunSeq: 1, service: "web" }, counted: [2], limit: 9, expected: ["r2"] },
  { name: "a cluster without a service is covered by every run", cluster: { firstRunSeq: 3 }, counted: [], limit: 9, expected: ["r4", "r3"] },
];
for (const c of cases) {
  test(c.name, () => {
    const candidates = [run(4), run(3), run(2), run(1)];
    assert.deepEqual(ids(selectCoveringRuns(candidates, c.cluster, c.limit, (seq) => c.counted.includes(seq))), c.expected);
  });
}

test("a partial run covers a cluster only where it counted it", () => {
  const candidates = [run(3, { partial: true }), run(2, { partial: true }), run(1)];
  assert.deepEqual(ids(selectCoveringRuns(candidates, { firstRunSeq: 1, service: "api" }, 9, (seq) => seq === 2)), ["r2", "r1"]);
});

describe("coveredRanges", () => {
  const read = (start: string, end: string, overrides: Partial<ReadRun> = {}): ReadRun => ({
    window: { start: `2026-11-20T${start}:00Z`, end: `2026-11-20T${end}:00Z` },
    outcome: { kind: "complete" },
    query: { minSeverity: "WARNING" },
    coveredServices: ["api"],
    ...overrides,
  });
  const ms = (hhmm: string) => Date.parse(`2026-11-20T${hhmm}:00Z`);

  test("overlapping and touching windows of the same services and severity are one range", () => {
    assert.deepEqual(coveredRanges([read("11:00", "12:00"), read("10:00", "11:00"), read("10:30", "10:45")], {}), [
      { startMs: ms("10:00"), endMs: ms("12:00"), services: ["api"], minSeverity: "WARNING" },
    ]);
  });

  test("partial and failed runs cover nothing; other services or severities are ranges of their own", () => {
    const ranges = coveredRanges(
      [read("10:00", "11:00", { outcome: { kind: "partial" } }), read("10:00", "11:00", { outcome: { kind: "failed" } }), read("10:00", "11:00", { coveredServices: ["web"] }), read("10:00", "11:00", { query: { minSeverity: "ERROR" } })],
      {},
    );
    assert.deepEqual(ranges.map((r) => [r.services, r.minSeverity]), [[["web"], "WARNING"], [["api"], "ERROR"]]);
  });

  test("ranges are clipped to the window read, and those outside it left out", () => {
    assert.deepEqual(coveredRanges([read("09:00", "10:30"), read("12:00", "13:00")], { startMs: ms("10:00"), endMs: ms("11:00") }), [
      { startMs: ms("10:00"), endMs: ms("10:30"), services: ["api"], minSeverity: "WARNING" },
    ]);
  });
});

describe("isCovered", () => {
  const range = { startMs: 1_000, endMs: 2_000, services: ["api"], minSeverity: "ERROR" as const };
  test("an entry is covered as the query's new-entry term decides it: time with both ends, service, kept severity", () => {
    assert.equal(isCovered({ timeMs: 1_000, service: "api", severity: "ERROR" }, [range]), true);
    assert.equal(isCovered({ timeMs: 2_000, service: "api", severity: "CRITICAL" }, [range]), true);
    assert.equal(isCovered({ timeMs: 1_500, severity: "ERROR" }, [range]), true);
    assert.equal(isCovered({ timeMs: 1_500, service: "api", severity: "DEFAULT" }, [range]), true);
    assert.equal(isCovered({ timeMs: 2_001, service: "api", severity: "ERROR" }, [range]), false);
    assert.equal(isCovered({ timeMs: 1_500, service: "web", severity: "ERROR" }, [range]), false);
    assert.equal(isCovered({ timeMs: 1_500, service: "api", severity: "WARNING" }, [range]), false);
    assert.equal(isCovered({ service: "api", severity: "ERROR" }, [range]), false);
    assert.equal(isCovered({ timeMs: 1_500, service: "web", severity: "WARNING" }, [{ ...range, services: [], minSeverity: "WARNING" }]), true);
    assert.equal(isCovered({ timeMs: 1_500, service: "api", severity: "ERROR" }, []), false);
  });
});
