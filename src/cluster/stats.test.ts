import assert from "node:assert/strict";
import { test } from "node:test";
import type { LogEntry } from "../model/entry.js";
import { idHash, mergeStats, TemplateStats } from "./stats.js";

const LIMITS = { maxDistinctIds: 3, exampleIds: 2, tracesPerCluster: 2, samplesPerCluster: 3, routesPerCluster: 4, instancesListed: 2 };
const T0 = Date.UTC(2025, 8, 14, 18, 0);

function entry(n: number, minute: number, fields: Partial<LogEntry> = {}): LogEntry {
  const timeMs = T0 + minute * 60_000 + n;
  return {
    key: `id:${n}`,
    input: "t",
    position: n,
    severity: "WARNING",
    labels: {},
    message: "m",
    users: [],
    connections: [],
    sample: { n },
    timeMs,
    timestamp: new Date(timeMs).toISOString(),
    ...fields,
  };
}

test("counts, severities, first and last seen, per-minute and peak minute", () => {
  const stats = new TemplateStats(LIMITS);
  stats.add(entry(1, 0, { severity: "ERROR" }));
  stats.add(entry(2, 3));
  stats.add(entry(3, 3));
  stats.add(entry(4, 1));
  const { stats: merged } = mergeStats([stats], LIMITS);
  assert.equal(merged.count, 4);
  assert.deepEqual(merged.severityCounts, { ERROR: 1, WARNING: 3 });
  assert.equal(merged.maxSeverity, "ERROR");
  assert.equal(merged.firstSeen, new Date(T0 + 1).toISOString());
  assert.equal(merged.lastSeen, new Date(T0 + 3 * 60_000 + 3).toISOString());
  assert.deepEqual(merged.perMinute, [
    { minute: "2025-09-14T18:00Z", count: 1 },
    { minute: "2025-09-14T18:01Z", count: 1 },
    { minute: "2025-09-14T18:03Z", count: 2 },
  ]);
  assert.deepEqual(merged.peakMinute, { minute: "2025-09-14T18:03Z", count: 2 });
});

test("the first revision is the revision of the earliest entry, whatever the input order", () => {
  const stats = new TemplateStats(LIMITS);
  stats.add(entry(1, 5, { revision: "svc-00612" }));
  stats.add(entry(2, 0, { revision: "svc-00611" }));
  stats.add(entry(3, 6, { revision: "svc-00612" }));
  const { stats: merged } = mergeStats([stats], LIMITS);
  assert.equal(merged.firstRevision, "svc-00611");
  assert.deepEqual(merged.revisions.map((r) => [r.name, r.count]), [["svc-00612", 2], ["svc-00611", 1]]);
});

test("distinct ids are exact up to maxDistinctIds, examples are the first seen", () => {
  const stats = new TemplateStats(LIMITS);
  for (const [n, user] of [[1, "u1"], [2, "u2"], [3, "u1"], [4, "u3"], [5, "u4"]] as const) stats.add(entry(n, 0, { users: [user], instanceId: `i${n % 2}` }));
  const { stats: merged } = mergeStats([stats], LIMITS);
  assert.equal(merged.distinctUsers, 3);
  assert.deepEqual(merged.exampleUsers, ["u1", "u2"]);
  assert.equal(merged.instances, 2);
});

test("merging templates adds counts and unions ids", () => {
  const a = new TemplateStats(LIMITS);
  const b = new TemplateStats(LIMITS);
  a.add(entry(1, 0, { connections: ["c1"], http: { status: 500 }, error: { type: "KeyError" } }));
  b.add(entry(2, 0, { connections: ["c1"], http: { status: 500 } }));
  b.add(entry(3, 1, { connections: ["c2"], trace: "t1" }));
  const { stats } = mergeStats([a, b], LIMITS);
  assert.equal(stats.count, 3);
  assert.equal(stats.distinctConnections, 2);
  assert.deepEqual(stats.httpStatuses.map((s) => [s.name, s.count]), [["500", 2]]);
  assert.deepEqual(stats.errorTypes.map((s) => [s.name, s.count]), [["KeyError", 1]]);
  assert.deepEqual(stats.traces, ["t1"]);
});

test("samples are the first entry, one from the peak minute and the last", () => {
  const stats = new TemplateStats(LIMITS);
  for (let n = 0; n < 100; n += 1) stats.add(entry(n, n === 50 || n === 51 ? 30 : n % 60));
  const { samples } = mergeStats([stats], LIMITS);
  assert.equal(samples.length, 3);
  assert.deepEqual(samples[0], { n: 0 });
  assert.ok([30, 50, 51, 90].includes((samples[1] as { n: number }).n), "the middle sample is from the peak minute 18:30");
  assert.deepEqual(samples[2], { n: 59 });
});

test("id hashes are deterministic, 53-bit, and do not collide on 100,000 ids", () => {
  assert.equal(idHash("usr_4f2ab1c0e9d3"), idHash("usr_4f2ab1c0e9d3"));
  const hashes = new Set<number>();
  for (let n = 0; n < 100_000; n += 1) {
    const hash = idHash(`main_${n.toString(16).padStart(8, "0")}`);
    assert.ok(Number.isSafeInteger(hash) && hash >= 0);
    hashes.add(hash);
  }
  assert.equal(hashes.size, 100_000);
});

test("error instances are the instances with an entry at ERROR or above, streamed or counted", () => {
  const streamed = new TemplateStats(LIMITS);
  streamed.add(entry(1, 0, { instanceId: "a", severity: "ERROR" }));
  streamed.add(entry(2, 0, { instanceId: "b" }));
  streamed.add(entry(3, 1, { instanceId: "b" }));
  const counted = new TemplateStats(LIMITS);
  const at = { timeMs: T0, timestamp: new Date(T0).toISOString() };
  const group = { count: 4, first: at, last: at, minutes: [[T0 / 60_000, 4]] as const, revisions: [], approxUsers: 0 };
  counted.addCounted({ ...group, severity: "CRITICAL", instances: ["c"] }, []);
  counted.addCounted({ ...group, severity: "WARNING", instances: ["d"] }, []);
  const { stats } = mergeStats([streamed, counted], LIMITS);
  assert.equal(stats.instances, 3, "a, b, c (d is over maxDistinctIds 3)");
  assert.equal(stats.errorInstances, 2, "a and c");
});
