import assert from "node:assert/strict";
import { test } from "node:test";
import type { ClusterHistory, TrackedIssueRef } from "../model/history.js";
import { judgeRegression } from "./regression.js";

function historyWith(issue: TrackedIssueRef | undefined): ClusterHistory {
  return { fingerprint: "lgfp01", totalCount: 10, runs: [], ...(issue ? { issue } : {}) };
}

const closed = (stateReason: TrackedIssueRef["stateReason"], closedAt?: string): TrackedIssueRef => ({
  tracker: "github",
  number: 1127,
  state: "closed",
  stateReason,
  ...(closedAt ? { closedAt } : {}),
});

const cases: readonly { name: string; history: ClusterHistory | undefined; lastSeen: string; kind: string; reason?: RegExp }[] = [
  { name: "no history is no regression", history: undefined, lastSeen: "2025-09-15T01:00:00Z", kind: "no_closed_issue" },
  { name: "an open issue is no regression", history: historyWith({ tracker: "github", number: 1, state: "open" }), lastSeen: "2025-09-15T01:00:00Z", kind: "no_closed_issue" },
  {
    name: "closed as completed and seen after the grace period is a regression",
    history: historyWith(closed("completed", "2025-09-14T12:00:00Z")),
    lastSeen: "2025-09-15T01:00:00Z",
    kind: "regression",
    reason: /^issue #1127 was closed 2025-09-14T12:00:00Z and the problem recurred at 2025-09-15T01:00:00Z, 13 h later \(grace 1 h\)$/,
  },
  {
    name: "seen only within the grace period after the close is not a regression",
    history: historyWith(closed("completed", "2025-09-15T00:30:00Z")),
    lastSeen: "2025-09-15T01:20:00Z",
    kind: "within_grace",
    reason: /grace period \(until 2025-09-15T01:30:00.000Z\)/,
  },
  { name: "closed as not planned is muted", history: historyWith(closed("not_planned", "2025-09-01T00:00:00Z")), lastSeen: "2025-09-15T01:00:00Z", kind: "muted", reason: /closed as not planned/ },
  { name: "closed as a duplicate is muted", history: historyWith(closed("duplicate", "2025-09-01T00:00:00Z")), lastSeen: "2025-09-15T01:00:00Z", kind: "muted" },
  { name: "closed with no close time is a regression", history: historyWith(closed(null)), lastSeen: "2025-09-15T01:00:00Z", kind: "regression", reason: /close time unknown/ },
];

for (const c of cases) {
  test(c.name, () => {
    const verdict = judgeRegression(c.history, c.lastSeen, 1);
    assert.equal(verdict.kind, c.kind);
    if (c.reason) assert.ok("reason" in verdict && c.reason.test(verdict.reason), "reason" in verdict ? verdict.reason : "no reason");
  });
}
