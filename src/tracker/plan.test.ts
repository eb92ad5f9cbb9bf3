import assert from "node:assert/strict";
import { test } from "node:test";
import { fingerprint, judgedCluster, runWindow } from "../../test/builders/judged-cluster.js";
import { emptyHistory } from "../model/history.js";
import type { JudgedCluster } from "../model/judgement.js";
import type { TrackerWrite } from "../model/tracker.js";
import { parseIssueMarker } from "./marker.js";
import type { FoundIssue, PlanOptions } from "./plan.js";
import { planTracker } from "./plan.js";
import type { TrackerIssue } from "./tracker.js";

const NOW = new Date("2025-09-14T19:05:00Z");
const OPTIONS: PlanOptions = { now: NOW, label: "log-gardener", maxNewIssues: 5, onRegression: "reopen", maxSamples: 3, maxBodyChars: 60_000 };

/** The issue a create write would produce, as the tracker would list it. */
function issueFrom(write: TrackerWrite, number: number, overrides: Partial<TrackerIssue> = {}): FoundIssue {
  assert.equal(write.op, "create-issue");
  if (write.op !== "create-issue") throw new Error("not a creation");
  const issue: TrackerIssue = { number, title: write.title, body: write.body, state: "open", stateReason: null, labels: write.labels, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(), closedAt: null, createdByUs: true, ...overrides };
  return { issue, marker: parseIssueMarker(issue.body), duplicates: [], via: "marker", comments: [] };
}

function plan(judged: readonly JudgedCluster[], found: Map<string, FoundIssue> = new Map(), options: Partial<PlanOptions> = {}, window = runWindow()) {
  return planTracker({ judged, found, history: emptyHistory(), related: new Map(), window }, { ...OPTIONS, ...options });
}

test("planning again against the issues the first plan created writes nothing", () => {
  const judged = [judgedCluster(fingerprint(1), { priority: "P1" }), judgedCluster(fingerprint(2))];
  const first = plan(judged);
  const found = new Map(first.actions.map((a, i) => [a.fingerprint, issueFrom(a.writes[0]!, i + 1)]));
  assert.deepEqual(plan(judged, found).actions.map((a) => [a.kind, a.writes.length]), [["none", 0], ["none", 0]]);
});

test("the creation cap goes to the most urgent clusters", () => {
  const judged = [judgedCluster(fingerprint(1), { priority: "P3", count: 500 }), judgedCluster(fingerprint(2), { priority: "P0", count: 1 }), judgedCluster(fingerprint(3), { priority: "P3", count: 900 })];
  assert.deepEqual(plan(judged, new Map(), { maxNewIssues: 2 }).actions.map((a) => a.kind), ["defer", "create", "create"]);
});

test.describe("closed issues: the judge's verdict turned into writes", () => {
  const judged = judgedCluster(fingerprint(1), { lastSeen: "2025-09-14T18:55:00Z" });
  const created = plan([judged]).actions[0]!.writes[0]!;
  for (const [name, overrides, verdict, kind, detail] of [
    ["muted: nothing written", { state: "closed", stateReason: "not_planned", closedAt: "2025-09-13T00:00:00Z" }, { kind: "muted", number: 1, reason: "issue #1 was closed as not planned: recurrences are muted" }, "none", /muted/],
    ["left closed: nothing written", { state: "closed", stateReason: "completed", closedAt: "2025-09-14T18:30:00Z" }, { kind: "leave-closed", number: 1, reason: "no entry after the 1 h grace period" }, "none", /grace period/],
    ["reopen: reopened as a regression", { state: "closed", stateReason: "completed", closedAt: "2025-09-13T00:00:00Z" }, { kind: "reopen", number: 1, reason: "issue #1 was closed and the problem recurred" }, "reopen", /Reopened/],
  ] as const) {
    test(name, () => {
      const found = new Map([[fingerprint(1), issueFrom(created, 1, overrides as Partial<TrackerIssue>)]]);
      const action = plan([{ ...judged, issue: verdict }], found).actions[0]!;
      assert.equal(action.kind, kind);
      assert.match(action.details.join("\n"), detail);
      if (kind === "none") assert.deepEqual(action.writes, []);
    });
  }
});

test("a quiet issue the judge closes gets the comment, then the close as completed", () => {
  const created = plan([judgedCluster(fingerprint(1), { priority: "P2" })]).actions[0]!.writes[0]!;
  const open = issueFrom(created, 1);
  const closing = planTracker(
    {
      judged: [],
      found: new Map(),
      history: emptyHistory(),
      related: new Map(),
      window: runWindow(),
      quiet: [{ fingerprint: fingerprint(1), number: 1, verdict: { kind: "close", lastSeen: "2025-09-07T00:00:00Z", reason: "not seen since 2025-09-07T00:00:00Z", comment: "Not seen since 2025-09-07T00:00:00Z: closed as completed. It reopens if it recurs." } }],
      openIssues: new Map([[1, { issue: open.issue, marker: open.marker! }]]),
    },
    OPTIONS,
  ).actions;
  assert.deepEqual(closing.map((a) => [a.kind, a.writes.map((w) => w.op)]), [["close", ["create-comment", "update-issue"]]]);
  assert.deepEqual(closing[0]?.writes[1], { op: "update-issue", issueNumber: 1, patch: { state: "closed", stateReason: "completed" } });
});

test("a lower priority is published once the cooldown has passed", () => {
  const created = plan([judgedCluster(fingerprint(1), { priority: "P1" })]).actions[0]!.writes[0]!;
  const found = new Map([[fingerprint(1), issueFrom(created, 1)]]);
  const later = new Date(NOW.getTime() + 80 * 3_600_000);
  const lowered = { ...judgedCluster(fingerprint(1), { priority: "P3" }), lowering: { from: "P1" as const, reason: "P1 → P3: lowered from P1: the rules put it lower in 3 runs in a row, after the 24 h cooldown" } };
  const action = plan([lowered], found, { now: later }, runWindow("2025-09-18T00:00:00Z", "2025-09-18T01:00:00Z")).actions[0]!;
  assert.equal(action.priority, "P3");
  assert.match(action.details.join("\n"), /Priority lowered P1 → P3: lowered from P1: the rules put it lower in 3 runs in a row/);
});
