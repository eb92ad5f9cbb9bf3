import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { JudgeConfigSchema } from "../src/config/sections/judge.js";
import { judgeClusters } from "../src/judge/judge.js";
import { emptyHistory, type IssueCluster } from "../src/model/index.js";
import { clusterRecord, entries, runSave, TestClock } from "../src/state/store-fixture.js";
import { openSqliteStateStore, type StateStore } from "../src/state/index.js";
import { ClusterFixture, fixtureWindow } from "./builders/report-builder.js";

/** The store → judge path: the baseline the judge escalates on is the one the store gathered from earlier runs. */

const scratch = mkdtempSync(join(tmpdir(), "lg-state-escalation-"));
after(() => rmSync(scratch, { recursive: true, force: true }));
let fileNumber = 0;

const SERVICE = "netra-backend-staging";
const FP = "lgfp00000000000000e1";
const config = JudgeConfigSchema.parse({});
const window = fixtureWindow();

/** Hourly runs before the current window (ending 2025-09-15T00:52:25Z), oldest first; null: the run saw no entries. */
async function storeWithRuns(countsPerHour: readonly (number | null)[], opts: { repeatLastWindow?: number } = {}): Promise<StateStore> {
  const store = await openSqliteStateStore(join(scratch, `state-${++fileNumber}.db`), { now: new TestClock("2025-09-15T01:52:30Z").now });
  const endMs = Date.parse(window.start ?? "");
  let next = 0;
  for (const [i, count] of countsPerHour.entries()) {
    const start = new Date(endMs - (countsPerHour.length - i) * 3_600_000).toISOString();
    const end = new Date(endMs - (countsPerHour.length - i - 1) * 3_600_000).toISOString();
    const clusters =
      count === null ? [] : [clusterRecord(FP, { service: SERVICE, entries: entries("id:", next, next + count, Date.parse(start)), ratePerMinute: count / 60 })];
    next += count ?? 0;
    await store.saveRun(runSave(`run-${i}`, clusters, { start, end, services: [SERVICE] }));
    if (i === countsPerHour.length - 1 && opts.repeatLastWindow !== undefined) {
      for (let r = 0; r < opts.repeatLastWindow; r++) await store.saveRun(runSave(`run-${i}-again-${r}`, clusters, { start, end, services: [SERVICE] }));
    }
  }
  return store;
}

async function judgeAgainst(store: StateStore | undefined, cluster: IssueCluster) {
  const history = store === undefined ? emptyHistory() : await store.loadHistory([cluster.fingerprint, ...cluster.aliases], { baselineRuns: config.baselineRuns });
  await store?.close();
  const [judged] = judgeClusters([cluster], history, { now: new Date("2025-09-15T01:52:30Z"), window, totalKept: cluster.stats.count, config });
  assert.ok(judged);
  return judged;
}

/** 240 WARNING entries in the hour: 4 per minute. */
const current = () => new ClusterFixture().withFingerprint(FP).withService(SERVICE).withCount(240).build();

/** `hours` hourly runs before the window, `count` entries each: a day and more gives the same hours of yesterday. */
const hoursOf = (hours: number, count: number | null) => Array.from({ length: hours }, () => count);

describe("escalation uses the stored baseline", () => {
  test("a rate 4× the same hours yesterday is rising and raised one step above the rules' priority", async () => {
    const steady = await judgeAgainst(await storeWithRuns(hoursOf(26, 240)), current());
    const judged = await judgeAgainst(await storeWithRuns(hoursOf(26, 60)), current());
    assert.equal(steady.trend.kind, "steady");
    assert.deepEqual(judged.trend, { kind: "rising", baselineRate: 1, factor: 4 });
    assert.match(judged.priorityReason, /raised one step/);
    assert.equal(["P0", "P1", "P2", "P3"].indexOf(judged.priority), ["P0", "P1", "P2", "P3"].indexOf(steady.priority) - 1);
  });

  test("less than a day of stored runs is no baseline: the rate escalates nothing", async () => {
    const judged = await judgeAgainst(await storeWithRuns(hoursOf(7, 60)), current());
    assert.equal(judged.trend.kind, "no_baseline");
    assert.doesNotMatch(judged.priorityReason, /raised/);
  });

  test("the loud hours of the evening before do not hide a rise at this hour", async () => {
    const judged = await judgeAgainst(await storeWithRuns([...hoursOf(4, 60), ...hoursOf(18, 600), ...hoursOf(4, 60)]), current());
    assert.deepEqual(judged.trend, { kind: "rising", baselineRate: 1, factor: 4 });
  });

  test("runs that covered the service but saw none of the cluster are zeros in the baseline", async () => {
    const judged = await judgeAgainst(await storeWithRuns([240, ...hoursOf(25, null)]), current());
    assert.equal(judged.trend.kind, "rising");
    assert.equal(judged.trend.kind === "rising" ? judged.trend.baselineRate : Number.NaN, 0);
  });

  test("a window read again does not pull the baseline towards it", async () => {
    const judged = await judgeAgainst(await storeWithRuns(hoursOf(26, 60), { repeatLastWindow: 5 }), current());
    assert.deepEqual(judged.trend, { kind: "rising", baselineRate: 1, factor: 4 });
  });

  test("a cluster the store has never seen is new, not steady", async () => {
    const judged = await judgeAgainst(await storeWithRuns([null, null]), current());
    assert.equal(judged.trend.kind, "new");
    assert.equal((await judgeAgainst(undefined, current())).trend.kind, "new");
  });
});
