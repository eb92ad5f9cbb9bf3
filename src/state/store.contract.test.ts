import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import fc from "fast-check";
import { UsageError } from "../model/index.js";
import { HashedEntryKeys } from "./entry-key-hash.js";
import { openMemoryStateStore } from "./memory-store.js";
import { openSqliteStateStore } from "./sqlite-store.js";
import type { StateStore, StoreOptions } from "./store.js";
import { clusterRecord, entries, runSave, TestClock } from "./store-fixture.js";

const scratch = mkdtempSync(join(tmpdir(), "lg-state-contract-"));
after(() => rmSync(scratch, { recursive: true, force: true }));
let fileNumber = 0;

const implementations: readonly [string, (opts: StoreOptions) => Promise<StateStore>][] = [
  ["sqlite", (opts) => openSqliteStateStore(join(scratch, `state-${++fileNumber}.db`), opts)],
  ["memory", async (opts) => openMemoryStateStore(opts)],
];

for (const [name, open] of implementations) {
  describe(`StateStore contract: ${name}`, () => {
    async function withStore(body: (store: StateStore, clock: TestClock) => Promise<void>, opts: Partial<StoreOptions> = {}): Promise<void> {
      const clock = new TestClock();
      const store = await open({ now: clock.now, ...opts });
      try {
        await body(store, clock);
      } finally {
        await store.close();
      }
    }

    test("lists saved runs newest first with window, sources, totals and outcome", () =>
      withStore(async (store) => {
        await store.saveRun(runSave("r1", [clusterRecord("lgfpa")]));
        await store.saveRun(runSave("r2", [], { outcome: { kind: "partial", reason: "logs.json truncated" } }));
        const runs = await store.listRuns();
        assert.deepEqual(
          runs.map((r) => [r.runId, r.outcome.kind, r.clusterCount, r.newEntries]),
          [
            ["r2", "partial", 0, 0],
            ["r1", "complete", 1, 10],
          ],
        );
        assert.equal(runs[1]?.window.start, "2026-11-20T10:00:00Z");
        assert.equal(runs[1]?.sources[0]?.completeness.kind, "complete");
        assert.deepEqual(runs[1]?.totals, { read: 10, kept: 10, skipped: {}, filtered: {} });
        assert.equal((await store.listRuns({ limit: 1 })).length, 1);
      }));

    test("a run whose entries fail part-way through the save leaves no trace of it", () =>
      withStore(async (store) => {
        await store.saveRun(runSave("r1", [clusterRecord("lgfpa")]));
        function* failingEntries() {
          yield* entries("k", 100, 200);
          throw new Error("input broke mid-save");
        }
        await assert.rejects(
          store.saveRun(runSave("r2", [clusterRecord("lgfpb"), clusterRecord("lgfpa", { entries: failingEntries() })], { minerSnapshot: { version: 9 } })),
          /input broke mid-save/,
        );
        assert.deepEqual((await store.listRuns()).map((r) => r.runId), ["r1"]);
        assert.deepEqual((await store.listClusters()).map((c) => [c.fingerprint, c.totalCount]), [["lgfpa", 10]]);
        assert.equal(await store.loadMinerSnapshot(), undefined);
      }));

    test("refuses a run id that was saved before", () =>
      withStore(async (store) => {
        await store.saveRun(runSave("r1", [clusterRecord("lgfpa")]));
        await assert.rejects(store.saveRun(runSave("r1", [clusterRecord("lgfpa")])), UsageError);
        assert.equal((await store.listRuns()).length, 1);
      }));

    test("a repeated window adds nothing to a cluster's total", () =>
      withStore(async (store) => {
        const first = await store.saveRun(runSave("r1", [clusterRecord("lgfpa")]));
        const again = await store.saveRun(runSave("r2", [clusterRecord("lgfpa")]));
        assert.deepEqual(first.clusters.get("lgfpa"), { newEntries: 10, totalCount: 10, firstRun: true });
        assert.deepEqual(again.clusters.get("lgfpa"), { newEntries: 0, totalCount: 10, firstRun: false });
      }));

    test("an overlapping window counts only the entries not seen before", () =>
      withStore(async (store) => {
        await store.saveRun(runSave("r1", [clusterRecord("lgfpa", { entries: entries("k", 0, 10) })]));
        const overlap = await store.saveRun(runSave("r2", [clusterRecord("lgfpa", { entries: entries("k", 6, 16) })]));
        assert.deepEqual(overlap.clusters.get("lgfpa"), { newEntries: 6, totalCount: 16, firstRun: false });
        const [cluster] = await store.listClusters();
        assert.equal(cluster?.totalCount, 16);
      }));

    test("entry keys given already hashed count the same as the keys themselves", () =>
      withStore(async (store) => {
        await store.saveRun(runSave("r1", [clusterRecord("lgfpa", { entries: entries("k", 0, 10) })]));
        const hashed = HashedEntryKeys.from([...entries("k", 6, 16), { key: "no-time" }]);
        const overlap = await store.saveRun(runSave("r2", [clusterRecord("lgfpa", { entries: hashed })]));
        assert.deepEqual(overlap.clusters.get("lgfpa"), { newEntries: 7, totalCount: 17, firstRun: false });
      }));

    test("over any sequence of overlapping windows, a cluster's total is the number of distinct entries", () =>
      fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(fc.nat(300), fc.nat(120)), { minLength: 1, maxLength: 6 }), async (windows) => {
          const store = await open({ now: new TestClock().now });
          try {
            const seen = new Set<number>();
            let total = 0;
            for (const [index, [from, length]] of windows.entries()) {
              const saved = await store.saveRun(runSave(`r${index}`, [clusterRecord("lgfpa", { entries: entries("id:", from, from + length) })]));
              for (let k = from; k < from + length; k++) seen.add(k);
              total = saved.clusters.get("lgfpa")?.totalCount ?? total;
            }
            assert.equal(total, seen.size);
          } finally {
            await store.close();
          }
        }),
        { numRuns: 25 },
      ));

    test("entry keys are per cluster: the same key in two clusters counts in each", () =>
      withStore(async (store) => {
        const saved = await store.saveRun(
          runSave("r1", [clusterRecord("lgfpa", { entries: entries("k", 0, 3) }), clusterRecord("lgfpb", { entries: entries("k", 0, 3) })]),
        );
        assert.equal(saved.clusters.get("lgfpb")?.totalCount, 3);
      }));

    test("a fingerprint never seen is absent from the history: that is what new means", () =>
      withStore(async (store) => {
        await store.saveRun(runSave("r1", [clusterRecord("lgfpa")]));
        const history = await store.loadHistory(["lgfpa", "lgfpnew"], { baselineRuns: 7 });
        assert.equal(history.clusters.has("lgfpnew"), false);
        const known = history.clusters.get("lgfpa");
        assert.equal(known?.firstSeen, "2026-11-20T10:00:00Z");
        assert.equal(known?.firstRevision, "api-00001-abc");
        assert.equal(known?.totalCount, 10);
      }));

    test("keeps the first revision and the earliest first-seen time across runs", () =>
      withStore(async (store) => {
        await store.saveRun(runSave("r1", [clusterRecord("lgfpa", { firstSeen: "2026-11-20T10:00:00.5Z", firstRevision: "rev-1" })]));
        await store.saveRun(
          runSave("r2", [clusterRecord("lgfpa", { firstSeen: "2026-11-20T11:00:00Z", lastSeen: "2026-11-20T11:30:00Z", firstRevision: "rev-2" })]),
        );
        const history = (await store.loadHistory(["lgfpa"], { baselineRuns: 7 })).clusters.get("lgfpa");
        assert.deepEqual([history?.firstSeen, history?.lastSeen, history?.firstRevision], ["2026-11-20T10:00:00.5Z", "2026-11-20T11:30:00Z", "rev-1"]);
      }));

    test("an earlier first-seen from a backfilled window replaces the first revision", () =>
      withStore(async (store) => {
        await store.saveRun(runSave("r1", [clusterRecord("lgfpa", { firstSeen: "2026-11-20T10:00:00Z", firstRevision: "rev-2" })]));
        await store.saveRun(runSave("r2", [clusterRecord("lgfpa", { firstSeen: "2026-11-19T10:00:00Z", firstRevision: "rev-1" })], { start: "2026-11-19T09:00:00Z" }));
        const history = (await store.loadHistory(["lgfpa"], { baselineRuns: 7 })).clusters.get("lgfpa");
        assert.deepEqual([history?.firstSeen, history?.firstRevision], ["2026-11-19T10:00:00Z", "rev-1"]);
      }));

    test("answers a fingerprint asked for by alias with the cluster's history", () =>
      withStore(async (store) => {
        await store.saveRun(runSave("r1", [clusterRecord("lgfpa", { aliases: ["lgfpa", "lgfpt2"] })]));
        const history = await store.loadHistory(["lgfpt2"], { baselineRuns: 7 });
        assert.equal(history.clusters.get("lgfpt2")?.fingerprint, "lgfpa");
      }));

    test("a cluster whose fingerprint changed but lists the old one as an alias keeps its history", () =>
      withStore(async (store) => {
        await store.saveRun(runSave("r1", [clusterRecord("lgfpold", { entries: entries("k", 0, 4) })]));
        const saved = await store.saveRun(runSave("r2", [clusterRecord("lgfpnew", { aliases: ["lgfpnew", "lgfpold"], entries: entries("k", 2, 6) })], { start: "2026-11-20T11:00:00Z", end: "2026-11-20T12:00:00Z" }));
        assert.deepEqual(saved.clusters.get("lgfpnew"), { newEntries: 2, totalCount: 6, firstRun: false });
        const history = await store.loadHistory(["lgfpnew", "lgfpold"], { baselineRuns: 7 });
        assert.equal(history.clusters.get("lgfpnew")?.runs.length, 2);
        assert.equal(history.clusters.get("lgfpold")?.fingerprint, "lgfpnew");
        assert.deepEqual((await store.listClusters()).map((c) => [c.fingerprint, c.aliases]), [["lgfpnew", ["lgfpold"]]]);
      }));

    test("a new cluster listing as alias a known cluster saved in the same run starts its own history", () =>
      withStore(async (store) => {
        await store.saveRun(runSave("r1", [clusterRecord("lgfpa", { entries: entries("a", 0, 3) })]));
        const saved = await store.saveRun(
          runSave("r2", [clusterRecord("lgfpa", { entries: entries("a", 3, 5) }), clusterRecord("lgfpb", { aliases: ["lgfpb", "lgfpa"], entries: entries("b", 0, 4) })], { start: "2026-11-20T11:00:00Z" }),
        );
        assert.deepEqual([saved.clusters.get("lgfpa")?.totalCount, saved.clusters.get("lgfpb")?.totalCount, saved.clusters.get("lgfpb")?.firstRun], [5, 4, true]);
      }));

    test("a save naming one fingerprint twice is refused whole", () =>
      withStore(async (store) => {
        await assert.rejects(store.saveRun(runSave("r1", [clusterRecord("lgfpa"), clusterRecord("lgfpa")])), /names cluster lgfpa twice/);
        assert.deepEqual(await store.listRuns(), []);
      }));

    test("baseline runs are the last N covering runs, oldest first, with zeros where the cluster was absent", () =>
      withStore(async (store) => {
        const hour = (h: number) => ({ start: `2026-11-20T${String(h).padStart(2, "0")}:00:00Z`, end: `2026-11-20T${String(h + 1).padStart(2, "0")}:00:00Z` });
        await store.saveRun(runSave("r0", [clusterRecord("lgfpother")], hour(0)));
        await store.saveRun(runSave("r1", [clusterRecord("lgfpa", { entries: entries("a", 0, 60), ratePerMinute: 1 })], hour(1)));
        await store.saveRun(runSave("r2", [], hour(2)));
        await store.saveRun(runSave("r3", [clusterRecord("lgfpa", { entries: entries("a", 60, 180), ratePerMinute: 2 })], hour(3)));
        const runs = (await store.loadHistory(["lgfpa"], { baselineRuns: 7 })).clusters.get("lgfpa")?.runs;
        assert.deepEqual(
          runs?.map((r) => [r.runId, r.count, r.ratePerMinute]),
          [
            ["r1", 60, 1],
            ["r2", 0, 0],
            ["r3", 120, 2],
          ],
        );
        const lastTwo = (await store.loadHistory(["lgfpa"], { baselineRuns: 2 })).clusters.get("lgfpa")?.runs;
        assert.deepEqual(lastTwo?.map((r) => r.runId), ["r2", "r3"]);
      }));

    test("a window read twice weighs once in the baseline, and failed runs not at all", () =>
      withStore(async (store) => {
        await store.saveRun(runSave("r1", [clusterRecord("lgfpa")]));
        await store.saveRun(runSave("r1-again", [clusterRecord("lgfpa")]));
        await store.saveRun(runSave("r-failed", [], { start: "2026-11-20T11:00:00Z", end: "2026-11-20T12:00:00Z", outcome: { kind: "failed", error: "boom" } }));
        const runs = (await store.loadHistory(["lgfpa"], { baselineRuns: 7 })).clusters.get("lgfpa")?.runs;
        assert.deepEqual(runs?.map((r) => r.runId), ["r1-again"]);
      }));

    test("baselineSince keeps only runs whose window ended at or after it: a baseline over days", () =>
      withStore(async (store) => {
        await store.saveRun(runSave("r1", [clusterRecord("lgfpa")], { start: "2026-11-10T10:00:00Z", end: "2026-11-10T11:00:00Z" }));
        await store.saveRun(runSave("r2", [clusterRecord("lgfpa", { entries: entries("k", 10, 20) })], { start: "2026-11-19T10:00:00Z", end: "2026-11-19T11:00:00Z" }));
        await store.saveRun(runSave("r3", [], { start: "2026-11-20T10:00:00Z", end: "2026-11-20T11:00:00Z" }));
        const history = await store.loadHistory(["lgfpa"], { baselineRuns: 7, baselineSince: "2026-11-13T11:00:00Z" });
        assert.deepEqual(history.clusters.get("lgfpa")?.runs.map((r) => [r.runId, r.count]), [
          ["r2", 10],
          ["r3", 0],
        ]);
      }));

    test("a partial run's silence about a cluster is not a zero in its baseline", () =>
      withStore(async (store) => {
        await store.saveRun(runSave("r1", [clusterRecord("lgfpa")]));
        await store.saveRun(runSave("r2", [], { start: "2026-11-20T11:00:00Z", end: "2026-11-20T12:00:00Z", outcome: { kind: "partial", reason: "query failed" } }));
        const runs = (await store.loadHistory(["lgfpa"], { baselineRuns: 7 })).clusters.get("lgfpa")?.runs;
        assert.deepEqual(runs?.map((r) => r.runId), ["r1"]);
      }));

    test("runs that read other services do not dilute a cluster's baseline", () =>
      withStore(async (store) => {
        await store.saveRun(runSave("r1", [clusterRecord("lgfpa")]));
        await store.saveRun(runSave("r2", [], { services: ["billing"], start: "2026-11-20T11:00:00Z", end: "2026-11-20T12:00:00Z" }));
        await store.saveRun(runSave("r3", [], { services: [], start: "2026-11-20T12:00:00Z", end: "2026-11-20T13:00:00Z" }));
        const runs = (await store.loadHistory(["lgfpa"], { baselineRuns: 7 })).clusters.get("lgfpa")?.runs;
        assert.deepEqual(runs?.map((r) => r.runId), ["r1", "r3"]);
      }));

    test("a run that named no services covers the services it saw entries of", () =>
      withStore(async (store) => {
        await store.saveRun(runSave("r1", [clusterRecord("lgfpa")], { services: [], servicesSeen: ["api"] }));
        await store.saveRun(runSave("r2", [], { services: [], servicesSeen: ["web"], start: "2026-11-20T11:00:00Z", end: "2026-11-20T12:00:00Z" }));
        await store.saveRun(runSave("r3", [], { services: [], servicesSeen: ["web", "api"], start: "2026-11-20T12:00:00Z", end: "2026-11-20T13:00:00Z" }));
        const runs = (await store.loadHistory(["lgfpa"], { baselineRuns: 7 })).clusters.get("lgfpa")?.runs;
        assert.deepEqual(runs?.map((r) => r.runId), ["r1", "r3"]);
      }));

    test("a failed run is recorded but writes no cluster counts and no miner snapshot", () =>
      withStore(async (store) => {
        const saved = await store.saveRun(runSave("r1", [clusterRecord("lgfpa")], { outcome: { kind: "failed", error: "source failed" }, minerSnapshot: { version: 1 } }));
        assert.equal(saved.clusters.size, 0);
        assert.deepEqual(await store.listClusters(), []);
        assert.equal((await store.listRuns())[0]?.outcome.kind, "failed");
        assert.equal(await store.loadMinerSnapshot(), undefined);
      }));

    test("remembers the published priority and when, for the cooldown", () =>
      withStore(async (store) => {
        await store.saveRun(runSave("r1", [clusterRecord("lgfpa", { priority: "P1", published: { priority: "P1", at: "2026-11-20T12:00:05Z" } })]));
        await store.saveRun(runSave("r2", [clusterRecord("lgfpa", { priority: "P3" })], { start: "2026-11-20T11:00:00Z", end: "2026-11-20T12:00:00Z" }));
        const history = (await store.loadHistory(["lgfpa"], { baselineRuns: 7 })).clusters.get("lgfpa");
        assert.deepEqual([history?.lastPriority, history?.lastPriorityAt], ["P1", "2026-11-20T12:00:05Z"]);
        assert.deepEqual(history?.runs.map((r) => r.priority), ["P1", "P3"]);
      }));

    test("revisions keep the earliest time they were seen", () =>
      withStore(async (store) => {
        await store.saveRun(runSave("r1", [], { revisions: [{ name: "api-2", count: 3, firstSeen: "2026-11-20T10:30:00Z" }] }));
        await store.saveRun(runSave("r2", [], { revisions: [{ name: "api-2", count: 3, firstSeen: "2026-11-20T10:10:00Z" }, { name: "api-3", count: 1, firstSeen: "2026-11-20T10:50:00Z" }] }));
        const history = await store.loadHistory([], { baselineRuns: 7 });
        assert.deepEqual([...history.revisionsFirstSeen].sort(), [
          ["api-2", "2026-11-20T10:10:00Z"],
          ["api-3", "2026-11-20T10:50:00Z"],
        ]);
      }));

    test("keeps the last response of a GET with its ETag, replacing an older one", () =>
      withStore(async (store) => {
        assert.equal(await store.loadCachedResponse("GET /repos/o/r/issues?page=1"), undefined);
        await store.saveCachedResponse("GET /repos/o/r/issues?page=1", { etag: '"a"', json: "[1]" });
        await store.saveCachedResponse("GET /repos/o/r/issues?page=1", { etag: '"b"', json: "[1,2]" });
        assert.deepEqual(await store.loadCachedResponse("GET /repos/o/r/issues?page=1"), { etag: '"b"', json: "[1,2]" });
      }));

    test("keeps one installation secret per store, random and stable", () =>
      withStore(async (store) => {
        const secret = await store.installationSecret();
        assert.match(secret, /^[0-9a-f]{64}$/);
        assert.equal(await store.installationSecret(), secret);
      }));

    test("miner snapshot round-trips as plain data, also when saved with a run", () =>
      withStore(async (store) => {
        assert.equal(await store.loadMinerSnapshot(), undefined);
        await store.saveMinerSnapshot({ version: 1, clusters: [{ id: "t1", tokens: ["a", "<*>"] }], nextId: 2 });
        assert.deepEqual(await store.loadMinerSnapshot(), { version: 1, clusters: [{ id: "t1", tokens: ["a", "<*>"] }], nextId: 2 });
        await store.saveRun(runSave("r1", [], { minerSnapshot: { version: 1, clusters: [], nextId: 3 } }));
        assert.deepEqual(await store.loadMinerSnapshot(), { version: 1, clusters: [], nextId: 3 });
      }));

    test("links a fingerprint to an issue and finds it again, directly and through an alias", () =>
      withStore(async (store) => {
        await store.saveRun(runSave("r1", [clusterRecord("lgfpa", { aliases: ["lgfpa", "lgfpt2"] })]));
        await store.linkIssue("lgfpa", { tracker: "github", number: 42, url: "https://github.com/o/r/issues/42", state: "open", title: "P2: boom", labels: ["log-gardener"] });
        assert.equal((await store.findIssue("lgfpa"))?.number, 42);
        assert.deepEqual([(await store.findIssue("lgfpt2"))?.number, (await store.findIssue("lgfpt2"))?.fingerprint], [42, "lgfpa"]);
        assert.equal(await store.findIssue("lgfpnone"), undefined);
        assert.equal((await store.loadHistory(["lgfpt2"], { baselineRuns: 7 })).clusters.get("lgfpt2")?.issue?.number, 42);
      }));

    test("finds an issue linked under an alias when asked by the cluster's fingerprint", () =>
      withStore(async (store) => {
        await store.saveRun(runSave("r1", [clusterRecord("lgfpa", { aliases: ["lgfpa", "lgfpt2"] })]));
        await store.linkIssue("lgfpt2", { tracker: "local", number: 3, state: "closed", stateReason: "completed", closedAt: "2026-11-19T00:00:00Z" });
        const found = await store.findIssue("lgfpa");
        assert.deepEqual([found?.number, found?.state, found?.stateReason], [3, "closed", "completed"]);
      }));

    test("a new link for a fingerprint replaces the old one", () =>
      withStore(async (store) => {
        await store.linkIssue("lgfpa", { tracker: "github", number: 1, state: "closed", stateReason: "duplicate" });
        await store.linkIssue("lgfpa", { tracker: "github", number: 2, state: "open" });
        assert.deepEqual((await store.listIssueLinks()).map((l) => [l.fingerprint, l.number]), [["lgfpa", 2]]);
      }));

    test("lists clusters most recently seen first with total, issue and recent points", () =>
      withStore(async (store) => {
        await store.saveRun(runSave("r1", [clusterRecord("lgfpa"), clusterRecord("lgfpb", { entries: entries("b", 0, 3) })]));
        await store.saveRun(runSave("r2", [clusterRecord("lgfpb", { entries: entries("b", 3, 5) })], { start: "2026-11-20T11:00:00Z", end: "2026-11-20T12:00:00Z" }));
        await store.linkIssue("lgfpb", { tracker: "local", number: 7, state: "open" });
        const clusters = await store.listClusters();
        assert.deepEqual(
          clusters.map((c) => [c.fingerprint, c.totalCount, c.issue?.number, c.recent.map((p) => p.count)]),
          [
            ["lgfpb", 5, 7, [3, 2]],
            ["lgfpa", 10, undefined, [10, 0]],
          ],
        );
        assert.equal((await store.listClusters({ limit: 1 })).length, 1);
      }));

    test("a cluster's timeline holds its count and new entries per run", () =>
      withStore(async (store) => {
        await store.saveRun(runSave("r1", [clusterRecord("lgfpa", { entries: entries("k", 0, 10) })]));
        await store.saveRun(runSave("r2", [clusterRecord("lgfpa", { entries: entries("k", 5, 15) })], { start: "2026-11-20T10:30:00Z", end: "2026-11-20T11:30:00Z" }));
        const timeline = await store.clusterTimeline("lgfpa");
        assert.deepEqual(timeline?.points.map((p) => [p.runId, p.count, p.newEntries]), [
          ["r1", 10, 10],
          ["r2", 10, 5],
        ]);
        assert.equal(await store.clusterTimeline("lgfpnone"), undefined);
      }));

    test("entry keys older than the retention are pruned, so such an old entry would count again", () =>
      withStore(
        async (store, clock) => {
          const old = { key: "id:old", timeMs: Date.parse("2026-11-15T00:00:00Z") };
          const recent = { key: "id:recent", timeMs: Date.parse("2026-12-08T00:00:00Z") };
          await store.saveRun(runSave("r1", [clusterRecord("lgfpa", { entries: [old, recent] })]));
          clock.advance(20 * 86_400_000);
          const later = await store.saveRun(runSave("r2", [clusterRecord("lgfpa", { entries: [old, recent] })], { start: "2026-11-01T00:00:00Z" }));
          assert.deepEqual([later.prunedKeys, later.clusters.get("lgfpa")?.newEntries, later.clusters.get("lgfpa")?.totalCount], [1, 1, 3]);
        },
        { entryKeyRetentionDays: 10 },
      ));

    test("keeps at most maxRuns runs", () =>
      withStore(
        async (store) => {
          for (const id of ["r1", "r2", "r3"]) await store.saveRun(runSave(id, [clusterRecord("lgfpa")], { start: `2026-11-20T0${id.slice(1)}:00:00Z` }));
          assert.deepEqual((await store.listRuns()).map((r) => r.runId), ["r3", "r2"]);
          assert.deepEqual((await store.clusterTimeline("lgfpa"))?.points.map((p) => p.runId), ["r2", "r3"]);
        },
        { maxRuns: 2 },
      ));

    describe("local tracker", () => {
      test("creates open issues numbered from 1 with the clock's time", () =>
        withStore(async (store) => {
          const first = await store.createLocalIssue({ title: "P1: boom", body: "<!-- log-gardener:v1 fp=lgfpa -->", labels: ["log-gardener", "P1", "P1"] });
          const second = await store.createLocalIssue({ title: "P2: bang" });
          assert.deepEqual(first, {
            number: 1,
            title: "P1: boom",
            body: "<!-- log-gardener:v1 fp=lgfpa -->",
            labels: ["log-gardener", "P1"],
            state: "open",
            state_reason: null,
            created_at: "2026-11-20T12:00:00.000Z",
            updated_at: "2026-11-20T12:00:00.000Z",
            closed_at: null,
          });
          assert.equal(second.number, 2);
          assert.deepEqual(await store.getLocalIssue(1), first);
          assert.equal(await store.getLocalIssue(99), undefined);
        }));

      test("closing sets closed_at and state_reason; reopening clears closed_at", () =>
        withStore(async (store, clock) => {
          await store.createLocalIssue({ title: "t" });
          clock.advance(60_000);
          const closed = await store.updateLocalIssue(1, { state: "closed", state_reason: "not_planned" });
          assert.deepEqual([closed.state, closed.state_reason, closed.closed_at], ["closed", "not_planned", "2026-11-20T12:01:00.000Z"]);
          const reopened = await store.updateLocalIssue(1, { state: "open" });
          assert.deepEqual([reopened.state, reopened.state_reason, reopened.closed_at], ["open", "reopened", null]);
        }));

      test("state_reason is ignored unless state changes, as on GitHub", () =>
        withStore(async (store) => {
          await store.createLocalIssue({ title: "t" });
          const updated = await store.updateLocalIssue(1, { state_reason: "not_planned", title: "t2" });
          assert.deepEqual([updated.title, updated.state, updated.state_reason], ["t2", "open", null]);
        }));

      test("labels given on update replace the set", () =>
        withStore(async (store) => {
          await store.createLocalIssue({ title: "t", labels: ["log-gardener", "P2"] });
          assert.deepEqual((await store.updateLocalIssue(1, { labels: ["log-gardener", "P1"] })).labels, ["log-gardener", "P1"]);
        }));

      test("lists issues by every label given and by state, newest first", () =>
        withStore(async (store) => {
          await store.createLocalIssue({ title: "a", labels: ["log-gardener"] });
          await store.createLocalIssue({ title: "b", labels: ["log-gardener", "P1"] });
          await store.createLocalIssue({ title: "c", labels: ["other"] });
          await store.updateLocalIssue(2, { state: "closed" });
          const titles = async (query: Parameters<StateStore["listLocalIssues"]>[0]) => (await store.listLocalIssues(query)).map((i) => i.title);
          assert.deepEqual(await titles({ labels: ["log-gardener"] }), ["a"]);
          assert.deepEqual(await titles({ labels: ["log-gardener"], state: "all" }), ["b", "a"]);
          assert.deepEqual(await titles({ labels: ["log-gardener", "P1"], state: "closed" }), ["b"]);
          assert.deepEqual(await titles({}), ["c", "a"]);
        }));

      test("comments are listed oldest first, can be edited, and touch the issue's updated_at", () =>
        withStore(async (store, clock) => {
          await store.createLocalIssue({ title: "t" });
          clock.advance(1_000);
          const first = await store.createLocalComment(1, { body: "seen again" });
          const second = await store.createLocalComment(1, { body: "by hand", author: "alice" });
          clock.advance(1_000);
          const edited = await store.updateLocalComment(first.id, { body: "seen again (edited)" });
          assert.deepEqual([edited.body, edited.author, edited.created_at, edited.updated_at], [
            "seen again (edited)",
            "log-gardener",
            "2026-11-20T12:00:01.000Z",
            "2026-11-20T12:00:02.000Z",
          ]);
          assert.deepEqual((await store.listLocalComments(1)).map((c) => [c.id, c.body, c.issue_number]), [
            [first.id, "seen again (edited)", 1],
            [second.id, "by hand", 1],
          ]);
          assert.equal((await store.getLocalIssue(1))?.updated_at, "2026-11-20T12:00:01.000Z");
        }));

      test("refuses to touch an issue or comment that does not exist", () =>
        withStore(async (store) => {
          await assert.rejects(store.updateLocalIssue(5, { title: "x" }), UsageError);
          await assert.rejects(store.createLocalComment(5, { body: "x" }), UsageError);
          await assert.rejects(store.updateLocalComment(5, { body: "x" }), UsageError);
        }));
    });
  });
}
