import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ClusterFixture, fixtureWindow, historyOf, hourlyRuns, runsAtRates } from "../../test/builders/report-builder.js";
import { JudgeConfigSchema } from "../config/sections/judge.js";
import { emptyHistory, type RunHistory } from "../model/history.js";
import { judgeClusters } from "./judge.js";

const config = JudgeConfigSchema.parse({});
const now = new Date("2025-09-15T02:00:00Z");
const window = fixtureWindow();
const fp = "lgfp00000000000000b1";

function judgeOne(cluster: ClusterFixture, history: RunHistory = emptyHistory(), totalKept = 1000) {
  const [judged] = judgeClusters([cluster.withFingerprint(fp).build()], history, { now, window, totalKept, config });
  assert.ok(judged);
  return judged;
}

describe("judgeClusters figures", () => {
  test("share is of kept entries and the rate is over the window", () => {
    const judged = judgeOne(new ClusterFixture().withCount(250, "WARNING"), emptyHistory(), 1000);
    assert.equal(judged.share, 0.25);
    assert.equal(judged.ratePerMinute, 250 / 60);
  });

  test("no kept entries gives a share of 0, not NaN", () => {
    assert.equal(judgeOne(new ClusterFixture().withCount(3), emptyHistory(), 0).share, 0);
  });

  test("sorted by priority, then count, then fingerprint", () => {
    const clusters = [
      new ClusterFixture().withFingerprint("lgfpc").withCount(5, "WARNING").build(),
      new ClusterFixture().withFingerprint("lgfpb").withCount(5, "WARNING").build(),
      new ClusterFixture().withFingerprint("lgfpa").withCount(3, "ERROR").build(),
      new ClusterFixture().withFingerprint("lgfpd").withCount(9, "WARNING").build(),
    ];
    const order = judgeClusters(clusters, emptyHistory(), { now, window, totalKept: 22, config }).map((j) => j.cluster.fingerprint);
    assert.deepEqual(order, ["lgfpa", "lgfpd", "lgfpb", "lgfpc"]);
  });

  test("history is found under an alias when the primary fingerprint is new", () => {
    const history = historyOf([{ fingerprint: "lgfpold", runs: runsAtRates([1]) }]);
    const [judged] = judgeClusters([new ClusterFixture().withFingerprint(fp).withAliases(["lgfpold"]).withTemplate("other", 1).withCount(60).build()], history, { now, window, totalKept: 60, config });
    assert.equal(judged?.category, "other");
  });
});

/** Two days of hourly runs before the fixture window, `perHour` entries each (60-minute windows). */
function twoDays(perHour: number) {
  return hourlyRuns(Array.from({ length: 48 }, () => perHour), window.start ?? "");
}

describe("escalation, cooldown, hysteresis and the daily limit", () => {
  test("a rise over the same hours of earlier days raises the rules' priority one step and says why", () => {
    const history = historyOf([{ fingerprint: fp, runs: twoDays(6), lastPriority: "P2", lastPriorityAt: "2025-09-14T00:00:00Z" }]);
    const judged = judgeOne(new ClusterFixture().withCount(30, "ERROR").withName("upstream timeout"), history);
    assert.equal(judged.priority, "P1");
    assert.equal(judged.rulesPriority, "P1");
    assert.deepEqual(judged.escalation?.from, "P2");
    assert.match(judged.priorityReason, /^P1: raised one step from P2: severity ERROR \(rule error\); trend: rising, 30\/h \(30 in 1h\) vs 6\/h at these hours on 2 earlier days = 5× ≥ 2×/);
  });

  test("with less than a day of history a rise escalates nothing", () => {
    const history = historyOf([{ fingerprint: fp, runs: hourlyRuns([6, 6, 6, 6], window.start ?? ""), lastPriority: "P2", lastPriorityAt: "2025-09-14T00:00:00Z" }]);
    const judged = judgeOne(new ClusterFixture().withCount(30, "ERROR").withName("upstream timeout"), history);
    assert.equal(judged.trend.kind, "no_baseline");
    assert.equal(judged.priority, "P2");
  });

  test("a raise within a day of the last change is held, unless a P0 rule fires", () => {
    const history = historyOf([{ fingerprint: fp, runs: twoDays(6), lastPriority: "P2", lastPriorityAt: "2025-09-14T20:00:00Z" }]);
    const held = judgeOne(new ClusterFixture().withCount(30, "ERROR").withName("upstream timeout"), history);
    assert.equal(held.priority, "P2");
    assert.deepEqual(held.heldPriority, { rulesSaid: "P1", until: "2025-09-15T20:00:00.000Z" });
    assert.match(held.priorityReason, /at most once in 24 h unless a P0 rule fires/);
    const outage = judgeOne(new ClusterFixture().withCount(30, "ERROR").withName("Container called exit(1)."), history);
    assert.equal(outage.priority, "P0");
    assert.equal(outage.escalation?.from, "P2");
  });

  test("a lower priority within the cooldown is held at the published one", () => {
    const history = historyOf([{ fingerprint: fp, runs: twoDays(30), lastPriority: "P1", lastPriorityAt: "2025-09-14T12:00:00Z" }]);
    const judged = judgeOne(new ClusterFixture().withCount(30, "WARNING").withName("slow query"), history);
    assert.equal(judged.priority, "P1");
    assert.equal(judged.rulesPriority, "P3");
    assert.deepEqual(judged.heldPriority, { rulesSaid: "P3", until: "2025-09-15T12:00:00.000Z" });
    assert.match(judged.priorityReason, /^P1: held, set 2025-09-14T12:00:00Z and not lowered within the 24 h cooldown; rules now say P3: /);
  });

  test("after the cooldown a lower priority waits for lowerAfterRuns calmer runs in a row, then applies with the reason", () => {
    const calm = (n: number) => twoDays(30).map((run, i, all) => ({ ...run, priority: "P1" as const, rulesPriority: i >= all.length - n ? ("P3" as const) : ("P1" as const) }));
    const after = (runs: ReturnType<typeof calm>) => judgeOne(new ClusterFixture().withCount(30, "WARNING").withName("slow query"), historyOf([{ fingerprint: fp, runs, lastPriority: "P1", lastPriorityAt: "2025-09-10T00:00:00Z" }]));
    const one = after(calm(1));
    assert.equal(one.priority, "P1");
    assert.match(one.priorityReason, /the rules put it lower in 2 of the 3 runs in a row a lowering needs/);
    const two = after(calm(2));
    assert.equal(two.priority, "P3");
    assert.deepEqual(two.lowering?.from, "P1");
    assert.match(two.priorityReason, /lowered from P1: the rules put it lower in 3 runs in a row, after the 24 h cooldown$/);
  });

  test("the tracker's published priority is the one compared, not the state's memory", () => {
    const history = historyOf([{ fingerprint: fp, runs: twoDays(30), lastPriority: "P3", lastPriorityAt: "2025-09-10T00:00:00Z" }]);
    const tracker = { issues: new Map([[fp, { tracker: "github" as const, number: 4, state: "open" as const, title: "GCP-other | P1 | slow query", labels: [], priority: "P1" as const, priorityAt: "2025-09-15T00:00:00Z", category: "other" as const }]]), gone: new Map() };
    const [judged] = judgeClusters([new ClusterFixture().withFingerprint(fp).withCount(30, "WARNING").withName("slow query").build()], history, { now, window, totalKept: 30, config, tracker });
    assert.equal(judged?.priority, "P1");
    assert.ok(judged?.heldPriority);
  });

  test("an issue the tracker reading says is gone is filed afresh, though the state still links it", () => {
    const history = historyOf([{ fingerprint: fp, runs: twoDays(30), lastPriority: "P2", lastPriorityAt: "2025-09-10T00:00:00Z", issue: { tracker: "local", number: 3, state: "open" } }]);
    const tracker = { issues: new Map(), gone: new Map([[fp, 3]]) };
    const [judged] = judgeClusters([new ClusterFixture().withFingerprint(fp).withCount(30, "ERROR").build()], history, { now, window, totalKept: 30, config, tracker });
    assert.deepEqual(judged?.issue, { kind: "refile", previous: 3, reason: "issue #3 is gone from the tracker (deleted or transferred): filed afresh" });
  });

  test("the same priority as published is neither escalation nor hold", () => {
    const history = historyOf([{ fingerprint: fp, runs: twoDays(30), lastPriority: "P3", lastPriorityAt: "2025-09-15T01:00:00Z" }]);
    const judged = judgeOne(new ClusterFixture().withCount(30, "WARNING").withName("slow query"), history);
    assert.equal(judged.priority, "P3");
    assert.equal(judged.escalation, undefined);
    assert.equal(judged.heldPriority, undefined);
  });

  test("P0 is never raised further", () => {
    const history = historyOf([{ fingerprint: fp, runs: twoDays(6), lastPriority: "P0", lastPriorityAt: "2025-09-15T00:00:00Z" }]);
    assert.equal(judgeOne(new ClusterFixture().withCount(60, "ALERT"), history).priority, "P0");
  });

  test("reasons list the deciding rule, other rules of the same priority, the trend, the category and the issue verdict", () => {
    const judged = judgeOne(new ClusterFixture().withCount(120, "CRITICAL").withName("JWT refresh failed: session store corrupted"));
    assert.equal(judged.reasons[0], judged.priorityReason);
    assert.match(judged.priorityReason, /\(rule error-data-loss\)$/);
    assert.ok(judged.reasons.some((r) => r.startsWith("also P0: ") && r.endsWith("(rule critical-security)")));
    assert.ok(!judged.reasons.some((r) => r.startsWith("also P1") || r.startsWith("also P2")), "lower rules are not listed");
    assert.ok(judged.reasons.includes("trend: new, no earlier run saw this cluster"));
    assert.ok(judged.reasons.includes(judged.categoryReason));
    assert.ok(judged.reasons.includes("no issue tracks it yet"));
  });
});

describe("reading the same window again", () => {
  test("an earlier run over this very window is not part of the baseline: the trend stays what it was", () => {
    const sameWindow = { runId: "run-again", count: 30, ratePerMinute: 0.5, windowStart: window.start, windowEnd: window.end };
    const history = historyOf([{ fingerprint: fp, runs: [...twoDays(6), sameWindow] }]);
    const judged = judgeOne(new ClusterFixture().withCount(30, "ERROR"), history);
    assert.equal(judged.trend.kind, "rising");
  });
});

describe("active development is judged as of the data, not the wall clock", () => {
  test("a revision first seen an hour before an old window's end is still fresh for that window", () => {
    const history = historyOf(
      [{ fingerprint: "lgfpother", runs: runsAtRates([1]) }],
      { "api-00006-old": "2025-09-01T00:00:00Z", "api-00007-new": new Date(Date.parse(window.end ?? "") - 3_600_000).toISOString() },
    );
    const cluster = new ClusterFixture().withCount(20).withRevisions([{ name: "api-00007-new", count: 20 }]);
    const muchLater = new Date(Date.parse(window.end ?? "") + 400 * 24 * 3_600_000);
    const [judged] = judgeClusters([cluster.withFingerprint(fp).build()], history, { now: muchLater, window, totalKept: 20, config });
    assert.equal(judged?.category, "active-dev", judged?.categoryReason);
  });
});
