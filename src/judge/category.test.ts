import assert from "node:assert/strict";
import { test } from "node:test";
import { ClusterFixture, historyOf } from "../../test/builders/report-builder.js";
import type { RunHistory } from "../model/history.js";
import { judgeCategory } from "./category.js";
import { judgeRegression } from "./regression.js";

const now = new Date("2025-09-15T02:00:00Z");
const fingerprint = "lgfp00000000000000aa";
const cluster = (revisions: string[]) =>
  new ClusterFixture()
    .withFingerprint(fingerprint)
    .withRevisions(revisions.map((name) => ({ name, count: 5 })))
    .build();

function categorise(revisions: string[], history: RunHistory) {
  const c = cluster(revisions);
  const previous = history.clusters.get(fingerprint);
  return judgeCategory(c, previous, judgeRegression(previous, c.stats.lastSeen, 1), { history, now, windowStart: "2025-09-15T01:00:00Z", activeDevHours: 48 });
}

const oldRevision = { "api-00600-aaa": "2025-09-01T00:00:00Z" };

const cases: readonly { name: string; revisions: string[]; history: RunHistory; category: string; reason: RegExp }[] = [
  {
    name: "never seen, on a first run, is new (active-dev cannot be told without revision history)",
    revisions: ["api-00645-l8x"],
    history: historyOf([]),
    category: "new",
    reason: /^new: not seen in any earlier run \(no earlier runs are recorded\)$/,
  },
  {
    name: "never seen, in a long-running revision, is new",
    revisions: ["api-00600-aaa"],
    history: historyOf([{ fingerprint: "lgfpother" }], oldRevision),
    category: "new",
    reason: /^new: not seen in any earlier run$/,
  },
  {
    name: "only in a revision deployed 3 hours ago is active-dev",
    revisions: ["api-00645-l8x"],
    history: historyOf([{ fingerprint: "lgfpother" }], { ...oldRevision, "api-00645-l8x": "2025-09-14T23:00:00Z" }),
    category: "active-dev",
    reason: /^active-dev: occurs only in revision api-00645-l8x first seen within 2 days \(oldest 3 h ago\); not seen in any earlier run$/,
  },
  {
    name: "a revision unknown to a history that knows others appeared in this window: active-dev",
    revisions: ["api-00646-new"],
    history: historyOf([{ fingerprint: "lgfpother" }], oldRevision),
    category: "active-dev",
    reason: /^active-dev: occurs only in revision api-00646-new/,
  },
  {
    name: "also occurring in an old revision is not active-dev",
    revisions: ["api-00645-l8x", "api-00600-aaa"],
    history: historyOf([{ fingerprint, firstSeen: "2025-09-02T00:00:00Z", runs: [{ runId: "r1", count: 40, ratePerMinute: 1 }] }], { ...oldRevision, "api-00645-l8x": "2025-09-14T23:00:00Z" }),
    category: "other",
    reason: /^other: seen before \(first seen 2025-09-02T00:00:00Z, 40 entries in earlier runs\); occurs in revision api-00600-aaa, first seen 14\.1 days ago \(over 2 days\)$/,
  },
  {
    name: "a closed issue recurring after the grace period is a regression, even in a fresh revision",
    revisions: ["api-00645-l8x"],
    history: historyOf([{ fingerprint, issue: { tracker: "github", number: 7, state: "closed", stateReason: "completed", closedAt: "2025-09-10T00:00:00Z" } }], { "api-00645-l8x": "2025-09-14T23:00:00Z" }),
    category: "regression",
    reason: /^regression: issue #7 was closed 2025-09-10T00:00:00Z/,
  },
  {
    name: "a not-planned closure is muted: the category says so and is not regression",
    revisions: ["api-00600-aaa"],
    history: historyOf([{ fingerprint, issue: { tracker: "github", number: 8, state: "closed", stateReason: "not_planned", closedAt: "2025-09-10T00:00:00Z" } }], oldRevision),
    category: "other",
    reason: /issue #8 was closed as not planned: recurrences are muted/,
  },
];

for (const c of cases) {
  test(c.name, () => {
    const verdict = categorise(c.revisions, c.history);
    assert.equal(verdict.category, c.category);
    assert.match(verdict.reason, c.reason);
  });
}
