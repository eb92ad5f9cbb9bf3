import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createRandom, hourlyCounts, type RhythmProblem } from "../samples/generator/index.js";
import { JudgeConfigSchema, type JudgeConfig } from "../src/config/sections/judge.js";
import { judgeClusters } from "../src/judge/judge.js";
import type { PublishedIssue, TrackerState } from "../src/model/history.js";
import type { Category, JudgedCluster, Priority } from "../src/model/judgement.js";
import type { Severity } from "../src/model/severity.js";
import type { RunWindow } from "../src/model/window.js";
import { clusterRunRecord, openMemoryStateStore, openSqliteStateStore, type StateStore } from "../src/state/index.js";
import { runSave } from "../src/state/store-fixture.js";
import { ClusterFixture } from "./builders/report-builder.js";

/**
 * Hourly runs over days of a service with a daily rhythm, judged against the history a real store gathers, with the
 * priorities each run publishes fed back as the tracker would show them. Counts are seeded Poisson draws.
 */

const SERVICE = "api";
const START = "2026-11-16T00:00:00Z";
const HOUR_MS = 3_600_000;

interface SimProblem extends RhythmProblem {
  readonly fingerprint: string;
  readonly severity: Severity;
  readonly name: string;
}

const problem = (n: number, name: string, severity: Severity, meanPerHour: number, amplitude: number, spike?: RhythmProblem["spike"]): SimProblem => ({
  key: name,
  fingerprint: `lgfp${n.toString(16).padStart(16, "0")}`,
  name,
  severity,
  meanPerHour,
  amplitude,
  peakHour: 14,
  ...(spike ? { spike } : {}),
});

/** Steady problems whose daily range stays on one side of every rule threshold (rates per minute in the comments). */
const STEADY: readonly SimProblem[] = [
  problem(1, "Heartbeat timeout for connection <*>", "WARNING", 40, 0.8, undefined), // 0.1–1.2/min: P3
  problem(2, "Slow query on table <*> took <*> ms", "WARNING", 150, 0.6, undefined), // 1–4/min: P3
  problem(3, "Cache stampede on key <*>", "WARNING", 900, 0.5, undefined), // 7.5–22/min: P2 (warning-sustained)
  problem(4, "Upstream timeout calling <*>", "ERROR", 20, 0.7, undefined), // P2 (error)
  problem(5, "WebSocket is not connected", "ERROR", 150, 0.5, undefined), // 1.25–3.75/min: P1 (error-sustained)
];
/** Steady, but its mean sits on the 1/min threshold of error-sustained: it may change, never twice in a day. */
const ON_THRESHOLD = problem(6, "Queue lag over <*> s", "ERROR", 60, 0.6, undefined);
const SPIKE = problem(7, "Payment provider returned <*>", "ERROR", 20, 0.5, { fromHour: 30, hours: 1, factor: 8 });

interface Publication {
  readonly priority: Priority;
  readonly at: string;
  readonly category: Category;
}

interface Simulation {
  /** Published priority per problem per hour. */
  readonly priorities: Map<string, Priority[]>;
  /** Hours at which each problem's published priority changed (after the first publication). */
  readonly changes: Map<string, number[]>;
  readonly judged: Map<string, JudgedCluster[]>;
}

function windowOf(hour: number): RunWindow {
  const start = new Date(Date.parse(START) + hour * HOUR_MS).toISOString();
  const end = new Date(Date.parse(START) + (hour + 1) * HOUR_MS).toISOString();
  return { start, end, basis: "flags", label: `hour-${hour}`, minutes: 60 };
}

async function simulate(store: StateStore, problems: readonly SimProblem[], hours: number, config: JudgeConfig, seed: string): Promise<Simulation> {
  const rng = createRandom(seed);
  const counts = new Map(problems.map((p) => [p.fingerprint, hourlyCounts(p, hours, 0, rng)]));
  const published = new Map<string, Publication>();
  const sim: Simulation = { priorities: new Map(), changes: new Map(), judged: new Map() };
  for (const p of problems) {
    sim.priorities.set(p.fingerprint, []);
    sim.changes.set(p.fingerprint, []);
    sim.judged.set(p.fingerprint, []);
  }
  for (let hour = 0; hour < hours; hour += 1) {
    const window = windowOf(hour);
    const now = new Date(Date.parse(window.end ?? "") + 5_000);
    const clusters = problems.flatMap((p) => {
      const count = counts.get(p.fingerprint)?.[hour] ?? 0;
      if (count === 0) return [];
      const first = new Date(Date.parse(window.start ?? "") + 30_000).toISOString();
      const last = new Date(Date.parse(window.end ?? "") - 30_000).toISOString();
      return [new ClusterFixture().withFingerprint(p.fingerprint).withService(SERVICE).withName(p.name).withCount(count, p.severity).withSeen(first, last).withRevisions([{ name: "api-00001-abc", count }]).build()];
    });
    const issues = new Map<string, PublishedIssue>();
    for (const [fingerprint, pub] of published) {
      issues.set(fingerprint, { tracker: "local", number: 1, state: "open", title: `GCP-${pub.category} | ${pub.priority} | x`, labels: [], priority: pub.priority, priorityAt: pub.at, category: pub.category, titledAt: pub.at });
    }
    const tracker: TrackerState = { issues, gone: new Map() };
    const history = await store.loadHistory(clusters.map((c) => c.fingerprint), { baselineRuns: config.baselineRuns });
    const judged = judgeClusters(clusters, history, { now, window, totalKept: clusters.reduce((n, c) => n + c.stats.count, 0), config, tracker });
    const records = judged.map((j) => {
      const before = published.get(j.cluster.fingerprint);
      const changed = before === undefined || before.priority !== j.priority;
      if (before !== undefined && changed) sim.changes.get(j.cluster.fingerprint)?.push(hour);
      if (changed) published.set(j.cluster.fingerprint, { priority: j.priority, at: now.toISOString(), category: j.shown.category });
      sim.judged.get(j.cluster.fingerprint)?.push(j);
      const keys = Array.from({ length: j.cluster.stats.count }, (_, i) => ({ key: `id:${j.cluster.fingerprint}:${hour}:${i}`, timeMs: Date.parse(window.start ?? "") + i }));
      return clusterRunRecord(j.cluster, {
        ratePerMinute: j.ratePerMinute,
        entries: keys,
        priority: j.priority,
        rulesPriority: j.rulesPriority,
        ...(changed ? { published: { priority: j.priority, at: now.toISOString() } } : {}),
      });
    });
    for (const p of problems) {
      const pub = published.get(p.fingerprint);
      if (pub) sim.priorities.get(p.fingerprint)?.push(pub.priority);
    }
    await store.saveRun(runSave(`run-${String(hour).padStart(3, "0")}`, records, { start: window.start, end: window.end, services: [SERVICE] }));
  }
  return sim;
}

/** No two changes within 24 hours of each other. */
function atMostOncePerDay(changes: readonly number[]): boolean {
  return changes.every((hour, i) => i === 0 || hour - (changes[i - 1] ?? 0) >= 24);
}

const defaults = JudgeConfigSchema.parse({});

describe("48 hourly runs over two days of a daily rhythm", () => {
  test("steady problems change priority 0 times, though their hours differ up to 9×", async () => {
    const store = openMemoryStateStore({ now: () => new Date(START) });
    const sim = await simulate(store, [...STEADY, ON_THRESHOLD], 48, defaults, "steady-two-days");
    for (const p of STEADY) {
      assert.deepEqual(sim.changes.get(p.fingerprint), [], `${p.name}: ${sim.priorities.get(p.fingerprint)?.join(" ")} ${sim.judged.get(p.fingerprint)?.filter((j) => j.escalation || j.lowering).map((j) => j.reasons.join(" / ")).join("\n")}`);
      const rising = sim.judged.get(p.fingerprint)?.filter((j) => j.trend.kind === "rising") ?? [];
      assert.deepEqual(rising.map((j) => j.trend), [], `${p.name} read as rising`);
    }
    assert.deepEqual([...new Set(STEADY.map((p) => sim.priorities.get(p.fingerprint)?.[0]))].sort(), ["P1", "P2", "P3"]);
    assert.ok(atMostOncePerDay(sim.changes.get(ON_THRESHOLD.fingerprint) ?? []), `on the threshold: changes at hours ${sim.changes.get(ON_THRESHOLD.fingerprint)?.join(", ")}`);
    await store.close();
  });

  test("the first day has no baseline, the second compares with the same hours of the first", async () => {
    const store = openMemoryStateStore({ now: () => new Date(START) });
    const sim = await simulate(store, [STEADY[1]!], 48, defaults, "baseline-days");
    const kinds = sim.judged.get(STEADY[1]!.fingerprint)?.map((j) => j.trend.kind) ?? [];
    assert.equal(kinds[0], "new");
    assert.ok(kinds.slice(1, 23).every((k) => k === "no_baseline"), kinds.slice(0, 24).join(" "));
    assert.ok(kinds.slice(25).every((k) => k === "steady" || k === "falling"), kinds.slice(24).join(" "));
    await store.close();
  });
});

describe("a spike in hour 30", () => {
  test("is raised in that run, and lowered once the cooldown and lowerAfterRuns calmer runs have passed (SQLite store)", async () => {
    const store = await openSqliteStateStore(":memory:", { now: () => new Date(START) });
    const sim = await simulate(store, [...STEADY, SPIKE], 72, defaults, "spike-three-days");
    const priorities = sim.priorities.get(SPIKE.fingerprint) ?? [];
    assert.equal(priorities[29], "P2");
    assert.equal(priorities[30], "P1", "raised in the run that sees the spike");
    const spikeRun = sim.judged.get(SPIKE.fingerprint)?.find((j) => j.escalation);
    assert.match(spikeRun?.priorityReason ?? "", /raised one step from P2: .*trend: rising, .* at these hours on 1 earlier day/);
    // Lowered in the first run after the 24 h cooldown: hour 54, the spike having stopped at hour 31.
    assert.deepEqual(sim.changes.get(SPIKE.fingerprint), [30, 30 + defaults.cooldownHours]);
    assert.match(sim.judged.get(SPIKE.fingerprint)?.find((j) => j.lowering)?.priorityReason ?? "", /lowered from P1: the rules put it lower in \d+ runs in a row, after the 24 h cooldown/);
    for (const p of [...STEADY, SPIKE]) assert.ok(atMostOncePerDay(sim.changes.get(p.fingerprint) ?? []), p.name);
    for (const p of STEADY) assert.deepEqual(sim.changes.get(p.fingerprint), [], p.name);
    await store.close();
  });

  test("with a 4-hour cooldown it is lowered within the 48 runs, after lowerAfterRuns calmer runs", async () => {
    const config = JudgeConfigSchema.parse({ cooldownHours: 4, minHoursBetweenChanges: 4, lowerAfterRuns: 3 });
    const store = openMemoryStateStore({ now: () => new Date(START) });
    const sim = await simulate(store, [SPIKE], 48, config, "spike-short-cooldown");
    assert.deepEqual(sim.changes.get(SPIKE.fingerprint), [30, 34]);
    await store.close();
  });
});
