// The tracker phase under outages, rate limits, concurrent runs and forged issues, against the fake GitHub.
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import type { JudgedCluster } from "../src/model/judgement.js";
import type { TrackerOutcome } from "../src/model/tracker.js";
import { openMemoryStateStore } from "../src/state/memory-store.js";
import type { StateStore } from "../src/state/store.js";
import type { TrackerOptions } from "../src/tracker/garden.js";
import { gardenTracker } from "../src/tracker/garden.js";
import { createGitHubTracker } from "../src/tracker/github-tracker.js";
import { parseIssueMarker } from "../src/tracker/marker.js";
import { fingerprint, judgedCluster, runWindow } from "./builders/judged-cluster.js";
import { FakeGitHub } from "./fakes/fake-github.js";

const NOW = new Date("2025-09-14T19:05:00Z");
let fake: FakeGitHub;
let store: StateStore;

function tracker(f: FakeGitHub = fake, maxResponseBytes?: number) {
  return createGitHubTracker({ repo: `${f.owner}/${f.repo}`, token: "test-token", baseUrl: f.baseUrl, label: "log-gardener", retryAfterUnitMs: 1, writeSpacingMs: 0, searchSpacingMs: 0, readRetries: 1, ...(maxResponseBytes !== undefined ? { maxResponseBytes } : {}), onRequest: process.env.DBG ? (e) => console.log(Date.now() % 100000, e.method, e.url.replace(/^http:\/\/[^/]+/, ""), e.status) : undefined });
}

function garden(judged: readonly JudgedCluster[], opts: Partial<TrackerOptions> = {}, s: StateStore = store): Promise<TrackerOutcome> {
  return gardenTracker(tracker(), judged, {
    store: s,
    run: { window: runWindow(), runId: "run" },
    options: { dryRun: false, maxNewIssues: 20, onRegression: "reopen", label: "log-gardener", now: NOW, ...opts },
  });
}

/** Seven clusters sharing a trace, so every new issue links the others (related-link placeholders). */
const related = (): JudgedCluster[] =>
  [1, 2, 3, 4, 5, 6, 7].map((n) => judgedCluster(fingerprint(n), { priority: n === 1 ? "P1" : "P2", count: 10 + n, samples: [{ message: `step ${n} failed`, trace: "projects/p/traces/abc" }] }));

/** Open issues filed by our account for each fingerprint: exactly one each means no duplicates. */
function openOursByFingerprint(f: FakeGitHub = fake): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const issue of f.issues.values()) {
    if (issue.state !== "open" || issue.author !== "log-gardener-bot") continue;
    const fp = parseIssueMarker(issue.body ?? "")?.fingerprint;
    if (fp) out.set(fp, [...(out.get(fp) ?? []), issue.number]);
  }
  return out;
}

function assertNoPlaceholders(f: FakeGitHub = fake): void {
  for (const issue of f.issues.values()) assert.doesNotMatch(issue.body ?? "", /log-gardener:related/, `#${issue.number} has a related-link placeholder: ${issue.body}`);
}

beforeEach(async () => {
  fake = await FakeGitHub.start({ now: () => NOW.getTime() });
  store = openMemoryStateStore({ now: () => NOW });
});
afterEach(async () => {
  await fake.close();
});

test("GitHub answering 502 to everything after N requests: the phase stops, nothing dangles, a rerun completes without duplicates", async () => {
  fake.failAfterRequests = 16;
  const first = await garden(related());
  assert.ok(first.incomplete, "the outcome says the tracker phase is incomplete");
  assert.match(first.incomplete.reason, /GitHub at 127\.0\.0\.1:\d+/);
  assert.ok(first.actions.some((a) => a.status === "failed"));
  assert.ok(first.actions.some((a) => a.status === "deferred" && a.error !== undefined), JSON.stringify(first.actions.map((a) => [a.status, a.error])));
  assert.ok(first.actions.some((a) => a.status === "done"));
  assertNoPlaceholders();

  fake.failAfterRequests = undefined;
  const second = await garden(related());
  assert.equal(second.incomplete, undefined, second.incomplete?.reason);
  const open = openOursByFingerprint();
  assert.equal(open.size, 7);
  for (const [fp, numbers] of open) assert.equal(numbers.length, 1, `${fp}: ${numbers.join(", ")}`);
  assertNoPlaceholders();
  assert.deepEqual(fake.violations, []);
});

test("a listing that fails after retries defers every cluster with the reason and writes nothing", async () => {
  fake.failAfterRequests = 0;
  const outcome = await garden(related());
  assert.deepEqual(new Set(outcome.actions.map((a) => a.status)), new Set(["deferred"]));
  assert.match(outcome.incomplete?.reason ?? "", /could not be read: HTTP 502/);
  assert.equal(fake.writeCount(), 0);
});

test("a comment listing that fails defers only that cluster", async () => {
  await garden(related().slice(0, 2));
  fake.addFault({ method: "GET", path: /\/issues\/1\/comments$/, kind: "502", times: 10 });
  const later = related().slice(0, 2).map((j) => judgedCluster(j.cluster.fingerprint, { priority: j.priority, count: 99, lastSeen: "2025-09-15T18:50:00Z" }));
  const outcome = await gardenTracker(tracker(), later, {
    store,
    run: { window: runWindow("2025-09-15T18:00:00Z", "2025-09-15T19:00:00Z"), runId: "r2" },
    options: { dryRun: false, maxNewIssues: 20, onRegression: "reopen", label: "log-gardener", now: new Date("2025-09-15T19:05:00Z") },
  });
  const byFp = new Map(outcome.actions.map((a) => [a.fingerprint, a]));
  assert.equal(byFp.get(fingerprint(1))?.status, "deferred");
  assert.match(byFp.get(fingerprint(1))?.error ?? "", /comments of #1 could not be read/);
  assert.equal(byFp.get(fingerprint(2))?.status, "done");
  assert.equal(fake.issues.size, 2);
});

test("the primary rate limit ends the phase for the run, with its reset time; no placeholder is left", async () => {
  fake.addFault({ method: "POST", path: /\/issues$/, kind: "primary-rate-limit", times: 100, retryAfterSeconds: 3600 });
  // Two creations get through first, so later bodies would have waited for their numbers.
  let allowed = 2;
  const faults = fake.faults;
  const fault = faults[0]!;
  fault.times = 0;
  fake.beforeCreate = () => {
    allowed -= 1;
    if (allowed === 0) fault.times = 100;
  };
  const outcome = await garden(related());
  assert.ok(outcome.incomplete?.resetAt, JSON.stringify(outcome.incomplete));
  assert.match(outcome.incomplete.reason, /rate limit exhausted until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
  const statuses = outcome.actions.map((a) => a.status);
  assert.deepEqual(statuses.slice(0, 2), ["done", "done"]);
  assert.equal(statuses[2], "failed");
  assert.deepEqual(statuses.slice(3), ["deferred", "deferred", "deferred", "deferred"]);
  assert.ok(outcome.actions.slice(3).every((a) => /rate limit exhausted until/.test(a.error ?? "")));
  assert.equal(fake.issues.size, 2);
  assertNoPlaceholders();
});

test("outsider issues carrying a copy of our marker, labelled or not, are never adopted", async () => {
  const [first] = related();
  // A copy of the body a real run would file, pasted by someone else: once with our label, once without.
  await gardenTracker(tracker(), [first!], { store: openMemoryStateStore({ now: () => NOW }), run: { window: runWindow(), runId: "dry" }, options: { dryRun: true, maxNewIssues: 5, onRegression: "reopen", label: "log-gardener", now: NOW } });
  const realRun = await FakeGitHub.start({ now: () => NOW.getTime() });
  await gardenTracker(createGitHubTracker({ repo: "acme/backend", token: "test-token", baseUrl: realRun.baseUrl, label: "log-gardener", writeSpacingMs: 0, searchSpacingMs: 0 }), [first!], { store: openMemoryStateStore({ now: () => NOW }), run: { window: runWindow(), runId: "x" }, options: { dryRun: false, maxNewIssues: 5, onRegression: "reopen", label: "log-gardener", now: NOW } });
  const copied = realRun.issues.get(1)!.body ?? "";
  await realRun.close();
  assert.equal(parseIssueMarker(copied)?.fingerprint, fingerprint(1));
  const labelled = fake.seedIssue({ title: "copied", body: copied, labels: ["log-gardener"], author: "mallory" });
  const unlabelled = fake.seedIssue({ title: "copied too", body: copied, author: "mallory" });
  // The creation's response is lost: the check for a landed write must not take the outsiders' issues.
  fake.addFault({ method: "POST", path: /\/issues$/, kind: "500" });
  // Nor must the state's map, if it ever pointed at one.
  await store.linkIssue(fingerprint(1), { tracker: "github", number: unlabelled.number, state: "open", stateReason: null });
  const outcome = await garden([first!]);
  assert.equal(outcome.actions[0]?.status, "done", JSON.stringify(outcome.actions[0]));
  const ours = outcome.actions[0]?.issue?.number;
  assert.ok(ours !== undefined && ours !== labelled.number && ours !== unlabelled.number);
  assert.equal(fake.issues.get(ours)?.author, "log-gardener-bot");
  for (const outsider of [labelled, unlabelled]) {
    assert.deepEqual([...fake.comments.values()].filter((c) => c.issue_number === outsider.number), []);
    assert.equal(fake.issues.get(outsider.number)?.title, outsider.title);
  }
  assert.deepEqual(fake.issues.get(unlabelled.number)?.labels, []);
  // And the next run finds our issue, not theirs.
  const again = await garden([first!]);
  assert.equal(again.actions[0]?.issue?.number, ours);
  assert.equal(fake.issues.size, 3);
});

test("an issue another run filed a moment before ours: ours is closed as its duplicate", async () => {
  const [first] = related();
  let twin: number | undefined;
  fake.beforeCreate = (title, body, labels) => {
    fake.beforeCreate = undefined;
    twin = fake.seedIssue({ title, body: body ?? "", labels: [...labels] }).number;
  };
  const outcome = await garden([first!]);
  assert.equal(outcome.actions[0]?.status, "done");
  assert.equal(outcome.actions[0]?.issue?.number, twin);
  const newer = [...fake.issues.values()].find((i) => i.number !== twin)!;
  assert.equal(newer.state, "closed");
  assert.equal(newer.state_reason, "duplicate");
  assert.match([...fake.comments.values()].find((c) => c.issue_number === newer.number)?.body ?? "", new RegExp(`Duplicate of #${twin}`));
  assert.ok(outcome.actions[0]?.details.some((d) => /closed as its duplicate/.test(d)));
  assert.deepEqual(fake.violations, []);
});

test("an issue another run filed since our listing is used instead of filing another", async () => {
  const [first] = related();
  let twin: number | undefined;
  const t = tracker();
  const original = t.listIssuesAfter.bind(t);
  // The other run files between our listing and our creation.
  let calls = 0;
  (t as { listIssuesAfter: typeof t.listIssuesAfter }).listIssuesAfter = async (after) => {
    if (calls++ === 0) {
      const body = (await gardenTracker(tracker(), [first!], { store: openMemoryStateStore({ now: () => NOW }), run: { window: runWindow(), runId: "other" }, options: { dryRun: false, maxNewIssues: 5, onRegression: "reopen", label: "log-gardener", now: NOW } })).actions[0]?.issue?.number;
      twin = body;
    }
    return original(after);
  };
  const outcome = await gardenTracker(t, [first!], { store, run: { window: runWindow(), runId: "run" }, options: { dryRun: false, maxNewIssues: 5, onRegression: "reopen", label: "log-gardener", now: NOW } });
  assert.equal(outcome.actions[0]?.issue?.number, twin);
  assert.equal(fake.issues.size, 1);
  assert.ok(outcome.actions[0]?.details.some((d) => /filed for this cluster since the listing/.test(d)));
});

test("two runs at once with separate state against one GitHub leave one open issue per cluster", async () => {
  const clusters = related();
  const [a, b] = await Promise.all([garden(clusters, {}, openMemoryStateStore({ now: () => NOW })), garden(clusters, {}, openMemoryStateStore({ now: () => NOW }))]);
  assert.equal(a.incomplete, undefined);
  assert.equal(b.incomplete, undefined);
  const open = openOursByFingerprint();
  assert.equal(open.size, 7);
  for (const [fp, numbers] of open) assert.equal(numbers.length, 1, `${fp}: ${numbers.join(", ")}`);
  for (const issue of fake.issues.values()) {
    if (issue.state === "closed") assert.equal(issue.state_reason, "duplicate");
  }
  assertNoPlaceholders();
  assert.deepEqual(fake.violations, []);
});

test("a GitHub answer over tracker.maxResponseBytes fails the read once, without retries, and the phase stops short", async () => {
  fake.addFault({ method: "GET", path: /\/issues$/, kind: "oversized", bytes: 4 * 1024 * 1024, times: 10 });
  const outcome = await gardenTracker(tracker(fake, 256 * 1024), related(), {
    store,
    run: { window: runWindow(), runId: "run" },
    options: { dryRun: false, maxNewIssues: 20, onRegression: "reopen", label: "log-gardener", now: NOW },
  });
  assert.match(outcome.incomplete?.reason ?? "", /could not be read: the answer is over tracker\.maxResponseBytes \(262,144 bytes\)/);
  assert.deepEqual(new Set(outcome.actions.map((a) => a.status)), new Set(["deferred"]));
  assert.equal(fake.writeCount(), 0);
  // The same request would get the same answer: asked once.
  assert.equal(fake.requests.filter((r) => r.method === "GET" && /\/issues$/.test(r.path)).length, 1);
});

test("an oversized answer to a later read defers only what needed it; answers under the cap are read as usual", async () => {
  await gardenTracker(tracker(fake, 256 * 1024), related().slice(0, 2), { store, run: { window: runWindow(), runId: "r1" }, options: { dryRun: false, maxNewIssues: 20, onRegression: "reopen", label: "log-gardener", now: NOW } });
  fake.addFault({ method: "GET", path: /\/issues\/1\/comments$/, kind: "oversized", bytes: 1024 * 1024, times: 10 });
  const later = related().slice(0, 2).map((j) => judgedCluster(j.cluster.fingerprint, { priority: j.priority, count: 99, lastSeen: "2025-09-15T18:50:00Z" }));
  const outcome = await gardenTracker(tracker(fake, 256 * 1024), later, {
    store,
    run: { window: runWindow("2025-09-15T18:00:00Z", "2025-09-15T19:00:00Z"), runId: "r2" },
    options: { dryRun: false, maxNewIssues: 20, onRegression: "reopen", label: "log-gardener", now: new Date("2025-09-15T19:05:00Z") },
  });
  const byFp = new Map(outcome.actions.map((a) => [a.fingerprint, a]));
  assert.match(byFp.get(fingerprint(1))?.error ?? "", /comments of #1 could not be read: the answer is over tracker\.maxResponseBytes/);
  assert.equal(byFp.get(fingerprint(2))?.status, "done");
  assert.ok(outcome.incomplete);
});
