// The local tracker: the same gardening against issues kept in the state store.
import assert from "node:assert/strict";
import { test } from "node:test";
import { openMemoryStateStore } from "../src/state/memory-store.js";
import { gardenTracker } from "../src/tracker/garden.js";
import { createLocalTracker } from "../src/tracker/local-tracker.js";
import { fingerprint, judgedCluster, runWindow } from "./builders/judged-cluster.js";

const NOW = new Date("2025-09-14T19:05:00Z");
const LATER = new Date("2025-09-15T19:05:00Z");
const options = { dryRun: false, maxNewIssues: 5, onRegression: "reopen" as const, label: "log-gardener" };

test("the local tracker creates issues, then changes nothing on the same input, then comments on a later window", async () => {
  const store = openMemoryStateStore({ now: () => NOW });
  const tracker = createLocalTracker(store, { label: "log-gardener" });
  const judged = [judgedCluster(fingerprint(1), { priority: "P1", count: 40 }), judgedCluster(fingerprint(2), { priority: "P3", count: 2 })];
  const first = await gardenTracker(tracker, judged, { store, run: { window: runWindow(), runId: "r1" }, options: { ...options, now: NOW } });
  assert.deepEqual(first.actions.map((a) => [a.kind, a.status]), [["create", "done"], ["create", "done"]]);
  assert.deepEqual((await store.listLocalIssues({ state: "all" })).map((i) => i.title).sort(), ["GCP-new | P1 | Connection failed (0001)", "GCP-new | P3 | Connection failed (0002)"]);
  assert.equal((await store.findIssue(fingerprint(1)))?.number, first.actions[0]?.issue?.number);

  const again = await gardenTracker(tracker, judged, { store, run: { window: runWindow(), runId: "r2" }, options: { ...options, now: NOW } });
  assert.deepEqual(again.actions.map((a) => a.status), ["unchanged", "unchanged"]);

  const later = runWindow("2025-09-15T18:00:00Z", "2025-09-15T19:00:00Z");
  const grown = [judgedCluster(fingerprint(1), { priority: "P0", count: 400 }), judgedCluster(fingerprint(2), { priority: "P3", count: 3 })];
  const third = await gardenTracker(tracker, grown, { store, run: { window: later, runId: "r3" }, options: { ...options, now: LATER } });
  assert.deepEqual(third.actions.map((a) => a.kind), ["update", "comment"]);
  const issue = await store.getLocalIssue(third.actions[0]!.issue!.number);
  assert.equal(issue?.title, "GCP-new | P0 | Connection failed (0001)");
  assert.equal((await store.listLocalComments(issue!.number)).length, 1);
});

test("a new issue that links a cluster filed later in the same run gets that issue's number filled in", async () => {
  const store = openMemoryStateStore({ now: () => NOW });
  const tracker = createLocalTracker(store, { label: "log-gardener" });
  // Sorted P1 first, so #1 is created before the P3 it shares a trace with.
  const judged = [
    judgedCluster(fingerprint(1), { priority: "P1", count: 40, traces: ["t-shared"] }),
    judgedCluster(fingerprint(2), { priority: "P3", count: 2, traces: ["t-shared"] }),
  ];
  const first = await gardenTracker(tracker, judged, { store, run: { window: runWindow(), runId: "r1" }, options: { ...options, now: NOW } });
  const [early, late] = first.actions.map((a) => a.issue?.number);
  const body = (await store.getLocalIssue(early!))?.body ?? "";
  assert.match(body, new RegExp(`^- #${late}: Connection failed \\(0002\\) \\(shares a trace\\)$`, "m"));
  assert.doesNotMatch(body, /log-gardener:related/);
  const again = await gardenTracker(tracker, judged, { store, run: { window: runWindow(), runId: "r2" }, options: { ...options, now: NOW } });
  assert.deepEqual(again.actions.map((a) => a.status), ["unchanged", "unchanged"]);
});
