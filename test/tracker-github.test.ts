// The whole tracker flow against a stateful fake GitHub validated by GitHub's OpenAPI description.
// Every assert.ok carries a message: a failing one without a message makes Node 20's assert re-read the source at the
// call site to quote it, and under tsx that position is the transformed code's, so it spins for minutes instead of failing.
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import type { JudgedCluster } from "../src/model/judgement.js";
import type { TrackerOutcome } from "../src/model/tracker.js";
import { openMemoryStateStore } from "../src/state/memory-store.js";
import { clusterRecord, runSave } from "../src/state/store-fixture.js";
import type { StateStore } from "../src/state/store.js";
import type { TrackerOptions } from "../src/tracker/garden.js";
import { gardenTracker, renderPlan } from "../src/tracker/garden.js";
import { createGitHubTracker } from "../src/tracker/github-tracker.js";
import { openTracker } from "../src/tracker/index.js";
import { TrackerConfigSchema } from "../src/config/sections/tracker.js";
import { parseIssueMarker } from "../src/tracker/marker.js";
import { fingerprint, judgedCluster, runWindow } from "./builders/judged-cluster.js";
import { JudgeConfigSchema } from "../src/config/sections/judge.js";
import type { CurrentRead } from "../src/judge/issue-verdict.js";
import { judgeClusters, judgeQuietIssues } from "../src/judge/judge.js";
import type { IssueCluster } from "../src/model/cluster.js";
import { readTrackerState, type TrackerReading } from "../src/tracker/read-state.js";
import { FakeGitHub } from "./fakes/fake-github.js";

const NOW = new Date("2025-09-14T19:05:00Z");
const LATER = new Date("2025-09-15T19:05:00Z");
let fake: FakeGitHub;
let store: StateStore;

function tracker(f: FakeGitHub = fake) {
  return createGitHubTracker({ repo: `${f.owner}/${f.repo}`, token: "test-token", baseUrl: f.baseUrl, label: "log-gardener", retryAfterUnitMs: 1, writeSpacingMs: 0, searchSpacingMs: 0 });
}

function options(overrides: Partial<TrackerOptions> = {}): TrackerOptions {
  return { dryRun: false, maxNewIssues: 5, onRegression: "reopen", label: "log-gardener", now: NOW, ...overrides };
}

async function garden(judged: readonly JudgedCluster[], opts: Partial<TrackerOptions> = {}, window = runWindow(), f: FakeGitHub = fake, s: StateStore = store): Promise<TrackerOutcome> {
  return gardenTracker(tracker(f), judged, { store: s, run: { window, runId: `run-${window.label}` }, options: options(opts) });
}

/**
 * The pipeline's order: read the issues (and sync their state into the store), judge with that reading, then garden.
 * The planner writes only what the judge decided.
 */
async function judgeAndGarden(
  clusters: readonly IssueCluster[],
  opts: Partial<TrackerOptions> & { now: Date; read?: CurrentRead; config?: Record<string, unknown> },
  window = runWindow(),
  s: StateStore = store,
): Promise<{ outcome: TrackerOutcome; judged: JudgedCluster[]; reading: TrackerReading }> {
  const t = tracker();
  const config = JudgeConfigSchema.parse(opts.config ?? {});
  const reading = await readTrackerState(t, clusters, s, { now: opts.now, record: true, maxSearches: 10 });
  const history = await s.loadHistory([...clusters.map((c) => c.fingerprint), ...reading.state.issues.keys()], { baselineRuns: config.baselineRuns });
  const judged = judgeClusters(clusters, history, { now: opts.now, window, totalKept: 100, config, tracker: reading.state });
  const read = opts.read ?? { complete: true, hadData: true, services: [] };
  const quiet = judgeQuietIssues(clusters, reading.state, history, read, { now: opts.now, config });
  const outcome = await gardenTracker(t, judged, { store: s, run: { window, runId: `run-${window.label}` }, options: options({ ...opts, reading, quiet }) });
  return { outcome, judged, reading };
}

const sample = (): JudgedCluster[] => [
  judgedCluster(fingerprint(1), { priority: "P1", count: 40, module: "netra_backend.app.websocket_core", fn: "validate_manager_creation" }),
  judgedCluster(fingerprint(2), { priority: "P2", count: 12, samples: [{ message: "@octocat see #123 ```` break out" }] }),
  judgedCluster(fingerprint(3), { priority: "P3", count: 3 }),
];

before(async () => {
  fake = await FakeGitHub.start({ now: () => NOW.getTime() });
});
after(async () => {
  await fake.close();
});
beforeEach(async () => {
  await fake.close();
  fake = await FakeGitHub.start({ now: () => NOW.getTime() });
  store = openMemoryStateStore({ now: () => NOW });
});

function assertValid(f: FakeGitHub = fake): void {
  assert.deepEqual(f.violations, []);
  assert.deepEqual(f.malformedRequests, []);
}

test("the first run creates one issue per cluster with title, labels and marker", async () => {
  const outcome = await garden(sample());
  assert.deepEqual(outcome.actions.map((a) => [a.kind, a.status]), [["create", "done"], ["create", "done"], ["create", "done"]]);
  const issues = [...fake.issues.values()];
  assert.deepEqual(issues.map((i) => i.title), ["GCP-new | P1 | Connection failed (0001)", "GCP-new | P2 | Connection failed (0002)", "GCP-new | P3 | Connection failed (0003)"]);
  assert.deepEqual(issues[0]?.labels, ["log-gardener", "P1", "new"]);
  assert.equal(parseIssueMarker(issues[1]?.body)?.fingerprint, fingerprint(2));
  assertValid();
});

test("the second run on the same input writes nothing", async () => {
  await garden(sample());
  const writes = fake.writeCount();
  const second = await garden(sample());
  assert.equal(fake.writeCount(), writes);
  assert.deepEqual(second.actions.map((a) => a.status), ["unchanged", "unchanged", "unchanged"]);
  assert.equal(second.requests["write"] ?? 0, 0);
  assertValid();
});

test("a fresh machine with no state finds the same issues by label and marker", async () => {
  await garden(sample());
  const issues = fake.issues.size;
  const outcome = await garden(sample(), {}, runWindow(), fake, openMemoryStateStore({ now: () => NOW }));
  assert.equal(fake.issues.size, issues);
  assert.deepEqual(outcome.actions.map((a) => a.issue?.number), [1, 2, 3]);
});

test("a later window adds one comment with the new evidence and updates the summary", async () => {
  await garden(sample());
  const later = runWindow("2025-09-15T18:00:00Z", "2025-09-15T19:00:00Z");
  const outcome = await garden(sample().map((j) => judgedCluster(j.cluster.fingerprint, { priority: j.priority, count: j.cluster.stats.count + 1, lastSeen: "2025-09-15T18:50:00Z" })), { now: LATER }, later);
  assert.deepEqual(outcome.actions.map((a) => a.kind), ["comment", "comment", "comment"]);
  const comments = [...fake.comments.values()];
  assert.equal(comments.length, 3);
  assert.match(comments[0]?.body ?? "", /20250915T1800Z-20250915T1900Z/);
  assert.match(fake.issues.get(1)?.body ?? "", /\*\*41\*\* entries/);
  assertValid();
});

test("a second run on the same day edits our comment instead of adding another", async () => {
  await garden(sample());
  const w2 = runWindow("2025-09-15T17:00:00Z", "2025-09-15T18:00:00Z");
  const w3 = runWindow("2025-09-15T18:00:00Z", "2025-09-15T19:00:00Z");
  await garden([judgedCluster(fingerprint(1), { priority: "P1", count: 50 })], { now: LATER }, w2);
  const outcome = await garden([judgedCluster(fingerprint(1), { priority: "P1", count: 55 })], { now: new Date(LATER.getTime() + 3_600_000) }, w3);
  assert.equal(outcome.actions[0]?.kind, "edit-comment");
  const comments = [...fake.comments.values()];
  assert.equal(comments.length, 1);
  assert.match(comments[0]?.body ?? "", /Earlier runs today/);
});

test("a grown cluster escalates: priority label and title raised, the comment says why", async () => {
  await garden(sample());
  const later = runWindow("2025-09-15T18:00:00Z", "2025-09-15T19:00:00Z");
  const grown = judgedCluster(fingerprint(2), { priority: "P1", count: 120, escalation: { from: "P2", reason: "rate 2.0/min is 10× the baseline 0.2/min" } });
  const outcome = await garden([grown], { now: LATER }, later);
  assert.equal(outcome.actions[0]?.kind, "update");
  const issue = fake.issues.get(2)!;
  assert.equal(issue.title, "GCP-new | P1 | Connection failed (0002)");
  assert.deepEqual([...issue.labels].sort(), ["P1", "log-gardener", "new"]);
  assert.match([...fake.comments.values()][0]?.body ?? "", /Priority raised P2 → P1: rate 2\.0\/min is 10× the baseline/);
  assert.equal(outcome.actions[0]?.published?.priority, "P1");
});

test("a priority is not lowered within the cooldown", async () => {
  await garden(sample());
  const later = runWindow("2025-09-15T18:00:00Z", "2025-09-15T19:00:00Z");
  // The judge held it (the verdict); the planner writes the held priority and says so.
  const outcome = await garden([{ ...judgedCluster(fingerprint(1), { priority: "P1", count: 2 }), heldPriority: { rulesSaid: "P3", until: "2025-09-17T19:05:00.000Z" }, priorityReason: "P1: held, set 2025-09-14T19:05:00Z and not lowered within the 24 h cooldown; rules now say P3: rest" }], { now: LATER }, later);
  assert.equal(fake.issues.get(1)?.title, "GCP-new | P1 | Connection failed (0001)");
  assert.ok(outcome.actions[0]?.details.some((d) => /held at P1/.test(d)), "the plan says the priority is held");
});

test("a closed issue whose problem recurs after the grace period is reopened as a regression", async () => {
  await garden(sample());
  const issue = fake.issues.get(1)!;
  Object.assign(issue, { state: "closed", state_reason: "completed", closed_at: "2025-09-14T20:00:00Z" });
  const later = runWindow("2025-09-15T18:00:00Z", "2025-09-15T19:00:00Z");
  const outcome = await garden([judgedCluster(fingerprint(1), { priority: "P1", count: 5, lastSeen: "2025-09-15T18:30:00Z", category: "regression", issue: { kind: "reopen", number: 1, reason: "issue #1 was closed 2025-09-14T20:00:00Z and the problem recurred at 2025-09-15T18:30:00Z" } })], { now: LATER }, later);
  assert.equal(outcome.actions[0]?.kind, "reopen");
  assert.equal(issue.state, "open");
  assert.equal(issue.state_reason, "reopened");
  assert.equal(issue.title, "GCP-regression | P1 | Connection failed (0001)");
  assert.ok(issue.labels.includes("regression") && !issue.labels.includes("new"), issue.labels.join(","));
  assert.match([...fake.comments.values()][0]?.body ?? "", /Reopened: issue #1 was closed 2025-09-14T20:00:00Z and the problem recurred/);
  assertValid();
});

test("a recurrence can open a new regression issue that links the closed one", async () => {
  await garden(sample());
  Object.assign(fake.issues.get(1)!, { state: "closed", state_reason: "completed", closed_at: "2025-09-14T20:00:00Z" });
  const later = runWindow("2025-09-15T18:00:00Z", "2025-09-15T19:00:00Z");
  await judgeAndGarden([judgedCluster(fingerprint(1), { priority: "P1", count: 5, lastSeen: "2025-09-15T18:30:00Z" }).cluster], { now: LATER, onRegression: "new-issue" }, later);
  const created = fake.issues.get(4)!;
  assert.match(created.title, /^GCP-regression \| P\d \| Connection failed \(0001\)$/);
  assert.match(created.body ?? "", /Regression of #1/);
  assert.equal(fake.issues.get(1)?.state, "closed");
});

test("an issue closed as not planned mutes its cluster: the judge says so, nothing is written", async () => {
  await garden(sample());
  Object.assign(fake.issues.get(3)!, { state: "closed", state_reason: "not_planned", closed_at: "2025-09-14T20:00:00Z" });
  const writes = fake.writeCount();
  const { outcome, judged } = await judgeAndGarden([judgedCluster(fingerprint(3), { priority: "P3", count: 9, lastSeen: "2025-09-15T18:30:00Z" }).cluster], { now: LATER }, runWindow("2025-09-15T18:00:00Z", "2025-09-15T19:00:00Z"));
  assert.equal(judged[0]?.issue.kind, "muted");
  assert.equal(fake.writeCount(), writes);
  assert.match(outcome.actions[0]?.details[0] ?? "", /closed as not planned: recurrences are muted/);
});

test("the ignore label mutes an open issue; a person removing it un-mutes", async () => {
  await garden(sample());
  fake.issues.get(2)!.labels.push("log-gardener:ignore");
  const writes = fake.writeCount();
  const later = runWindow("2025-09-15T18:00:00Z", "2025-09-15T19:00:00Z");
  const cluster = judgedCluster(fingerprint(2), { priority: "P2", count: 30, lastSeen: "2025-09-15T18:30:00Z" }).cluster;
  const muted = await judgeAndGarden([cluster], { now: LATER }, later);
  assert.equal(muted.judged[0]?.issue.kind, "muted");
  assert.equal(fake.writeCount(), writes);
  fake.issues.get(2)!.labels = fake.issues.get(2)!.labels.filter((l) => l !== "log-gardener:ignore");
  const unmuted = await judgeAndGarden([cluster], { now: LATER }, later);
  assert.equal(unmuted.judged[0]?.issue.kind, "update");
  assert.ok(fake.writeCount() > writes, "un-muted, the issue is written to again");
});

test("a person reopening an issue closed as not planned un-mutes it: the run gardens it again and remembers who reopened it", async () => {
  await garden(sample());
  const issue = fake.issues.get(3)!;
  Object.assign(issue, { state: "closed", state_reason: "not_planned", closed_at: "2025-09-14T20:00:00Z" });
  const cluster = judgedCluster(fingerprint(3), { priority: "P3", count: 9, lastSeen: "2025-09-15T18:30:00Z" }).cluster;
  const later = runWindow("2025-09-15T18:00:00Z", "2025-09-15T19:00:00Z");
  const muted = await judgeAndGarden([cluster], { now: LATER }, later);
  assert.equal(muted.judged[0]?.issue.kind, "muted");
  assert.equal(fake.comments.size, 0, "a muted issue gets no evidence");
  Object.assign(issue, { state: "open", state_reason: "reopened", closed_at: null });
  const { outcome, judged, reading } = await judgeAndGarden([cluster], { now: LATER }, later);
  assert.equal(judged[0]?.issue.kind, "update");
  assert.deepEqual(reading.synced, ["#3 was reopened: the problem is open again"]);
  assert.equal(outcome.actions[0]?.status, "done");
  assert.equal(outcome.actions[0]?.issue?.number, 3);
  const evidence = [...fake.comments.values()].filter((c) => c.issue_number === 3);
  assert.equal(evidence.length, 1, "the reopened issue gets this run's evidence again");
  assert.match(evidence[0]?.body ?? "", /20250915T1800Z-20250915T1900Z/);
  assert.equal(issue.state, "open");
  assert.ok(!issue.labels.includes("log-gardener:ignore"), "not muted by label");
  assert.ok((await store.findIssue(fingerprint(3)))?.reopenedByPersonAt, "the person's reopening outlives our writes to the issue");
  assertValid();
});

test("two-way sync: an issue a person closes is recorded resolved, and open again when reopened, from the listing alone", async () => {
  await garden(sample());
  const issue = fake.issues.get(1)!;
  Object.assign(issue, { state: "closed", state_reason: "completed", closed_at: "2025-09-15T10:00:00Z" });
  const requestsBefore = fake.requests.length;
  // This run sees nothing of cluster 1: the listing it makes anyway is where the close is read.
  const closed = await judgeAndGarden([judgedCluster(fingerprint(2), { priority: "P2", count: 12 }).cluster], { now: LATER });
  assert.deepEqual(closed.reading.synced, ["#1 was closed as completed (resolved)"]);
  const link = await store.findIssue(fingerprint(1));
  assert.equal(link?.state, "closed");
  assert.equal(link?.stateReason, "completed");
  const getsOfIssue1 = fake.requests.slice(requestsBefore).filter((r) => r.method === "GET" && /\/issues\/1(\/|$)/.test(r.path));
  assert.deepEqual(getsOfIssue1, [], "no extra read per issue");
  Object.assign(issue, { state: "open", state_reason: "reopened", closed_at: null });
  const reopened = await judgeAndGarden([judgedCluster(fingerprint(2), { priority: "P2", count: 12 }).cluster], { now: new Date(LATER.getTime() + 3_600_000) });
  assert.deepEqual(reopened.reading.synced, ["#1 was reopened: the problem is open again"]);
  assert.equal((await store.findIssue(fingerprint(1)))?.state, "open");
});

test("an issue deleted from the tracker is filed afresh once, with a note", async () => {
  await garden(sample());
  fake.issues.delete(2);
  const cluster = judgedCluster(fingerprint(2), { priority: "P2", count: 12 }).cluster;
  const first = await judgeAndGarden([cluster], { now: LATER });
  assert.equal(first.judged[0]?.issue.kind, "refile");
  assert.equal(first.outcome.actions[0]?.kind, "create");
  const refiled = fake.issues.get(4)!;
  assert.match(refiled.body ?? "", /Filed afresh: #2, which tracked this problem, was deleted or transferred/);
  const second = await judgeAndGarden([cluster], { now: new Date(LATER.getTime() + 3_600_000) });
  assert.equal(second.judged[0]?.issue.kind, "update");
  assert.equal(fake.issues.size, 3);
});

/** Store runs that read the service every 6 hours from `fromMs` for `days` days and did not see the cluster. */
async function quietRuns(s: StateStore, fromMs: number, days: number): Promise<void> {
  for (let h = 0; h < days * 24; h += 6) {
    const start = new Date(fromMs + h * 3_600_000).toISOString();
    const end = new Date(fromMs + (h + 1) * 3_600_000).toISOString();
    await s.saveRun(runSave(`quiet-${h}`, [], { start, end, services: ["netra-backend-staging"] }));
  }
}

test("auto-close: an open issue quiet for 7 days of complete reads is closed as completed with a comment; never after a failed read", async () => {
  const seen = judgedCluster(fingerprint(1), { priority: "P2", count: 12, lastSeen: "2025-09-14T18:50:00Z" });
  const s = openMemoryStateStore({ now: () => NOW });
  await s.saveRun(runSave("seen", [clusterRecord(fingerprint(1), { service: "netra-backend-staging", lastSeen: "2025-09-14T18:50:00Z", firstSeen: "2025-09-14T18:00:00Z" })], { start: "2025-09-14T18:00:00Z", end: "2025-09-14T19:00:00Z", services: ["netra-backend-staging"] }));
  await garden([seen], {}, runWindow(), fake, s);
  await quietRuns(s, Date.parse("2025-09-14T19:00:00Z"), 8);
  const eightDaysOn = new Date(Date.parse("2025-09-22T19:05:00Z"));
  const other = judgedCluster(fingerprint(9), { priority: "P3", count: 1 }).cluster;

  const refused = await judgeAndGarden([other], { now: eightDaysOn, read: { complete: false, hadData: true, services: ["netra-backend-staging"], incomplete: "api: query failed" } }, runWindow("2025-09-22T18:00:00Z", "2025-09-22T19:00:00Z"), s);
  assert.equal(fake.issues.get(1)?.state, "open");
  assert.ok(!refused.outcome.actions.some((a) => a.kind === "close"), "no close after a failed read");

  const early = await judgeAndGarden([other], { now: new Date(Date.parse("2025-09-18T19:05:00Z")) }, runWindow("2025-09-18T18:00:00Z", "2025-09-18T19:00:00Z"), s);
  assert.ok(!early.outcome.actions.some((a) => a.kind === "close"), "no close before the quiet days");

  const closing = await judgeAndGarden([other], { now: eightDaysOn }, runWindow("2025-09-22T18:00:00Z", "2025-09-22T19:00:00Z"), s);
  const close = closing.outcome.actions.find((a) => a.kind === "close");
  assert.equal(close?.status, "done");
  const issue = fake.issues.get(1)!;
  assert.equal(issue.state, "closed");
  assert.equal(issue.state_reason, "completed");
  assert.match([...fake.comments.values()].at(-1)?.body ?? "", /^Not seen since 2025-09-14T18:50:00Z \(\d+ days of complete reads of netra-backend-staging found nothing\): closed as completed\. It reopens if it recurs\.$/);
  assert.equal((await s.findIssue(fingerprint(1)))?.state, "closed");
  assertValid();
});

test("auto-close never closes an issue a person reopened within the quiet days", async () => {
  const s = openMemoryStateStore({ now: () => NOW });
  await s.saveRun(runSave("seen", [clusterRecord(fingerprint(1), { service: "netra-backend-staging", lastSeen: "2025-09-14T18:50:00Z", firstSeen: "2025-09-14T18:00:00Z" })], { start: "2025-09-14T18:00:00Z", end: "2025-09-14T19:00:00Z", services: ["netra-backend-staging"] }));
  await garden([judgedCluster(fingerprint(1), { priority: "P2", count: 12 })], {}, runWindow(), fake, s);
  const issue = fake.issues.get(1)!;
  Object.assign(issue, { state: "closed", state_reason: "completed", closed_at: "2025-09-15T00:00:00Z" });
  const other = judgedCluster(fingerprint(9), { priority: "P3", count: 1 }).cluster;
  await judgeAndGarden([other], { now: new Date("2025-09-15T01:05:00Z") }, runWindow("2025-09-15T00:00:00Z", "2025-09-15T01:00:00Z"), s);
  Object.assign(issue, { state: "open", state_reason: "reopened", closed_at: null });
  await judgeAndGarden([other], { now: new Date("2025-09-17T01:05:00Z") }, runWindow("2025-09-17T00:00:00Z", "2025-09-17T01:00:00Z"), s);
  await quietRuns(s, Date.parse("2025-09-17T02:00:00Z"), 6);
  const result = await judgeAndGarden([other], { now: new Date("2025-09-23T01:05:00Z") }, runWindow("2025-09-23T00:00:00Z", "2025-09-23T01:00:00Z"), s);
  assert.equal(issue.state, "open");
  assert.ok(!result.outcome.actions.some((a) => a.kind === "close"), "no close after a person reopened it");
});

test("a run killed halfway and started again ends like one clean run", async () => {
  const clean = await FakeGitHub.start({ now: () => NOW.getTime() });
  try {
    await garden(sample(), {}, runWindow(), clean, openMemoryStateStore({ now: () => NOW }));
    let writes = 0;
    const kill = new AbortController();
    await assert.rejects(
      garden(sample(), {
        signal: kill.signal,
        onWrite: () => {
          writes += 1;
          if (writes === 2) kill.abort();
        },
      }),
    );
    assert.equal(fake.issues.size, 2);
    await garden(sample());
    assert.deepEqual(fake.snapshot(), clean.snapshot());
  } finally {
    await clean.close();
  }
});

test("a run killed between an escalation's update and its comment comments on the next run", async () => {
  await garden(sample());
  const later = runWindow("2025-09-15T18:00:00Z", "2025-09-15T19:00:00Z");
  const grown = [judgedCluster(fingerprint(2), { priority: "P1", count: 120 })];
  const kill = new AbortController();
  await assert.rejects(garden(grown, { now: LATER, signal: kill.signal, onWrite: (w) => w.op === "update-issue" && kill.abort() }, later));
  assert.equal(fake.comments.size, 0);
  await garden(grown, { now: LATER }, later);
  assert.equal(fake.comments.size, 1);
  const writes = fake.writeCount();
  await garden(grown, { now: LATER }, later);
  assert.equal(fake.writeCount(), writes);
});

test("secondary rate limits (403 and 429 with retry-after) are waited out without duplicates", async () => {
  fake.addFault({ method: "POST", path: /\/issues$/, kind: "secondary-403", times: 2, retryAfterSeconds: 1 });
  fake.addFault({ method: "GET", path: /\/issues$/, kind: "secondary-429", times: 1, retryAfterSeconds: 1 });
  const outcome = await garden(sample());
  assert.deepEqual(outcome.actions.map((a) => a.status), ["done", "done", "done"]);
  assert.equal(fake.issues.size, 3);
  assert.equal(outcome.requests["secondary-limited"], 3);
  assertValid();
});

test("a 502 after a successful write and a dropped connection do not duplicate issues or comments", async () => {
  fake.addFault({ method: "POST", path: /\/issues$/, kind: "502-after-write" });
  fake.addFault({ method: "POST", path: /\/issues$/, kind: "drop-after-write" });
  const first = await garden(sample());
  assert.equal(fake.issues.size, 3);
  assert.ok(first.actions[0]?.details.some((d) => /response was lost/.test(d)), "the lost response is noted");
  fake.addFault({ method: "POST", path: /\/comments$/, kind: "502-after-write" });
  await garden([judgedCluster(fingerprint(1), { priority: "P1", count: 41 })], { now: LATER }, runWindow("2025-09-15T18:00:00Z", "2025-09-15T19:00:00Z"));
  assert.equal(fake.comments.size, 1);
  assertValid();
});

test("GitHub dropping our labels (a token without push access) stops the tracker phase at the first creation: the unlabelled issue is closed, never adopted", async () => {
  fake.dropsLabels = true;
  const outcome = await garden(sample());
  assert.equal(fake.issues.size, 1, "one creation, then the phase stopped");
  assert.match(outcome.incomplete?.reason ?? "", /^GitHub at 127\.0\.0\.1:\d+: the token lacks permission to label issues: GitHub filed #1 without the log-gardener label \(labels need push access\), so #1 was closed again$/);
  assert.deepEqual(outcome.actions.map((a) => a.status), ["failed", "deferred", "deferred"]);
  assert.equal(fake.issues.get(1)?.state, "closed");
  assert.equal(fake.issues.get(1)?.state_reason, "not_planned");
  // The next run does not take the unlabelled issue for ours: it tries again, and stops again, with nothing open left behind.
  const again = await garden(sample());
  assert.match(again.incomplete?.reason ?? "", /lacks permission to label/);
  assert.notEqual(again.actions[0]?.issue?.number, 1);
  assert.deepEqual([...fake.issues.values()].filter((i) => i.state === "open"), []);
  assertValid();
});

test("a lost creation that landed without our label is recognised as ours landing unlabelled: the phase stops, nothing is filed twice", async () => {
  fake.dropsLabels = true;
  fake.addFault({ method: "POST", path: /\/issues$/, kind: "502-after-write" });
  const outcome = await garden([judgedCluster(fingerprint(1), { priority: "P1" })]);
  assert.equal(fake.issues.size, 1);
  assert.match(outcome.incomplete?.reason ?? "", /lacks permission to label issues: GitHub filed #1 without the log-gardener label/);
  assert.ok(outcome.actions[0]?.details.some((d) => /response was lost/.test(d)));
  assert.equal(fake.issues.get(1)?.state, "closed");
});

test("reads are retried after a 500", async () => {
  fake.addFault({ method: "GET", path: /\/issues$/, kind: "500" });
  const outcome = await garden(sample());
  assert.equal(fake.issues.size, 3);
  assert.ok((outcome.requests["read"] ?? 0) >= 2, JSON.stringify(outcome.requests));
});

test("a dry run prints the plan and writes nothing", async () => {
  const outcome = await garden(sample(), { dryRun: true });
  assert.equal(fake.writeCount(), 0);
  const text = renderPlan(outcome);
  assert.match(text, /dry run: nothing written/);
  assert.match(text, /create\s+GCP-new \| P1 \| Connection failed \(0001\)/);
});

test("creations over --max-new-issues are deferred, most urgent first", async () => {
  const outcome = await garden(sample(), { maxNewIssues: 2 });
  assert.deepEqual(outcome.actions.map((a) => a.kind), ["create", "create", "defer"]);
  assert.equal(fake.issues.size, 2);
});

test("issues on later pages of the label listing are found (Link pagination)", async () => {
  for (let n = 100; n < 250; n += 1) fake.seedIssue({ title: `other ${n}`, body: `<!-- log-gardener:v1 fp=${fingerprint(n)} -->`, labels: ["log-gardener"] });
  fake.seedIssue({ title: "GCP-new | P3 | Connection failed (0003)", body: `<!-- log-gardener:v1 fp=${fingerprint(3)} -->`, labels: ["log-gardener", "P3", "new"] });
  const outcome = await garden([judgedCluster(fingerprint(3), { priority: "P3", count: 3 })]);
  assert.equal(outcome.actions[0]?.issue?.number, 151);
  assert.equal(fake.issues.size, 151);
});

test("pull requests carrying the label are ignored", async () => {
  fake.seedIssue({ title: "a PR", body: `<!-- log-gardener:v1 fp=${fingerprint(1)} -->`, labels: ["log-gardener"], pullRequest: true });
  const outcome = await garden([judgedCluster(fingerprint(1), { priority: "P1" })]);
  assert.equal(outcome.actions[0]?.kind, "create");
});

test("an issue of our account with our marker but without our label is not ours (a person took the label off): a new issue is filed, the old one untouched", async () => {
  const unlabelled = fake.seedIssue({ title: "renamed by a human", body: `notes\n<!-- log-gardener:v1 fp=${fingerprint(1)} -->`, labels: [] });
  const outcome = await garden([judgedCluster(fingerprint(1), { priority: "P1" })]);
  assert.equal(outcome.actions[0]?.kind, "create");
  assert.notEqual(outcome.actions[0]?.issue?.number, unlabelled.number);
  assert.equal(fake.issues.size, 2);
  assert.equal(fake.issues.get(unlabelled.number)?.title, "renamed by a human");
  assert.deepEqual(fake.issues.get(unlabelled.number)?.labels, []);
  assert.equal(outcome.requests["search"] ?? 0, 0, "no search for issues the label listing cannot have");
});

test("untrusted log text cannot break out of its code fence or mention anyone", async () => {
  await garden(sample());
  const body = fake.issues.get(2)?.body ?? "";
  assert.match(body, /`````json\n/);
  assert.doesNotMatch(body.replace(/`{3,}[\s\S]*?`{3,}/g, ""), /@octocat|#123/);
});

test("labels we create get a colour and a description", async () => {
  await garden(sample());
  assert.equal(fake.labels.get("P1")?.color, "d93f0b");
  assert.match(fake.labels.get("log-gardener")?.description ?? "", /log-gardener/);
});

test("a new issue links clusters that share a trace and issues that mention the same function", async () => {
  const human = fake.seedIssue({ title: "validate_manager_creation is slow", body: "seen in validate_manager_creation" });
  const judged = [
    judgedCluster(fingerprint(1), { priority: "P1", traces: ["t-1"], module: "netra_backend.app.websocket_core", fn: "validate_manager_creation" }),
    judgedCluster(fingerprint(2), { priority: "P2", traces: ["t-1"] }),
  ];
  await garden(judged);
  assert.match(fake.issues.get(2)?.body ?? "", new RegExp(`- #${human.number}: open issue mentioning the same module or function`));
  assert.match(fake.issues.get(3)?.body ?? "", /^- #2: Connection failed \(0001\) \(shares a trace\)$/m);
});

test("an issue whose marker a person removed, our label kept, is found through the local map", async () => {
  await garden(sample());
  fake.issues.get(1)!.body = "rewritten by a human";
  const outcome = await garden(sample());
  assert.equal(outcome.actions[0]?.issue?.number, 1);
  assert.equal(fake.issues.size, 3);
});

test("the local map does not adopt an issue whose label a person removed: without our label it is not ours, so the problem gets a new issue", async () => {
  await garden(sample());
  const issue = fake.issues.get(1)!;
  issue.labels = [];
  issue.body = "rewritten by a human";
  const outcome = await garden(sample());
  assert.equal(outcome.actions[0]?.kind, "create");
  assert.equal(outcome.actions[0]?.issue?.number, 4);
  assert.equal(fake.issues.get(1)?.body, "rewritten by a human");
  assert.equal(fake.issues.size, 4);
});

test("a malformed request is rejected with 422 and recorded", async () => {
  const response = await fetch(`${fake.baseUrl}/repos/acme/backend/issues`, {
    method: "POST",
    headers: { authorization: "token test-token", "content-type": "application/json" },
    body: JSON.stringify({ body: "no title" }),
  });
  assert.equal(response.status, 422);
  assert.equal(fake.malformedRequests.length, 1);
});

test("a later run with the same state asks with the stored ETags and gets 304s for unchanged listings", async () => {
  const openWithStore = () =>
    openTracker({ ...TrackerConfigSchema.parse({ kind: "github", repo: `${fake.owner}/${fake.repo}`, writeSpacingMs: 0, searchSpacingMs: 0 }), apiUrl: fake.baseUrl }, { token: { token: "test-token", source: "GITHUB_TOKEN" } }, store);
  await gardenTracker(openWithStore(), sample(), { store, run: { window: runWindow(), runId: "r1" }, options: options() });
  // The second run lists what the first created (a changed listing: 200); the third finds it unchanged.
  await gardenTracker(openWithStore(), sample(), { store, run: { window: runWindow(), runId: "r2" }, options: options() });
  const third = await gardenTracker(openWithStore(), sample(), { store, run: { window: runWindow(), runId: "r3" }, options: options() });
  assert.deepEqual(third.actions.map((a) => a.status), ["unchanged", "unchanged", "unchanged"]);
  // GET /user, the newest issue (where the next creation's checks start) and the label listing.
  assert.equal(third.requests["not-modified"], 3, JSON.stringify(third.requests));
  assertValid();
});
