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
const OPTIONS: PlanOptions = { now: NOW, label: "log-gardener", maxNewIssues: 5, onRegression: "reopen", escalationFactor: 2, cooldownHours: 72, regressionGraceHours: 1, maxSamples: 3, maxBodyChars: 60_000 };

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

test.describe("closed issues", () => {
  const judged = judgedCluster(fingerprint(1), { lastSeen: "2025-09-14T18:55:00Z" });
  const created = plan([judged]).actions[0]!.writes[0]!;
  for (const [name, overrides, kind, detail] of [
    ["closed as not planned: muted", { state: "closed", stateReason: "not_planned", closedAt: "2025-09-13T00:00:00Z" }, "none", /Muted/],
    ["recurring within the grace period: left closed", { state: "closed", stateReason: "completed", closedAt: "2025-09-14T18:30:00Z" }, "none", /not counted as a recurrence/],
    ["recurring after the grace period: reopened", { state: "closed", stateReason: "completed", closedAt: "2025-09-13T00:00:00Z" }, "reopen", /Reopened/],
  ] as const) {
    test(name, () => {
      const found = new Map([[fingerprint(1), issueFrom(created, 1, overrides as Partial<TrackerIssue>)]]);
      const action = plan([judged], found).actions[0]!;
      assert.equal(action.kind, kind);
      assert.match(action.details.join("\n"), detail);
    });
  }
});

test("a lower priority is published once the cooldown has passed", () => {
  const created = plan([judgedCluster(fingerprint(1), { priority: "P1" })]).actions[0]!.writes[0]!;
  const found = new Map([[fingerprint(1), issueFrom(created, 1)]]);
  const later = new Date(NOW.getTime() + 80 * 3_600_000);
  const action = plan([judgedCluster(fingerprint(1), { priority: "P3" })], found, { now: later }, runWindow("2025-09-18T00:00:00Z", "2025-09-18T01:00:00Z")).actions[0]!;
  assert.equal(action.priority, "P3");
  assert.match(action.details.join("\n"), /Priority lowered P1 → P3 after 80 h/);
});
