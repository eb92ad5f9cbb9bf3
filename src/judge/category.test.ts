import assert from "node:assert/strict";
import { test } from "node:test";
import { ClusterFixture, historyOf } from "../../test/builders/report-builder.js";
import type { PublishedIssue, RunHistory } from "../model/history.js";
import type { IssueVerdict } from "../model/judgement.js";
import { judgeCategory } from "./category.js";

const now = new Date("2025-09-15T02:00:00Z");
const fingerprint = "lgfp00000000000000aa";
const cluster = (revisions: string[]) =>
  new ClusterFixture()
    .withFingerprint(fingerprint)
    .withRevisions(revisions.map((name) => ({ name, count: 5 })))
    .build();

function categorise(revisions: string[], history: RunHistory, issue: IssueVerdict = { kind: "file", reason: "no issue" }, published?: PublishedIssue) {
  const c = cluster(revisions);
  const previous = history.clusters.get(fingerprint);
  return judgeCategory(c, previous, issue, published, { history, now, windowStart: "2025-09-15T01:00:00Z", activeDevHours: 48 });
}

/** Revisions the history knows: one running when it began (2025-09-01), so its rollout time is unknown. */
const oldRevision = { "api-00600-aaa": "2025-09-01T00:00:00Z" };
const reopen: IssueVerdict = { kind: "reopen", number: 7, reason: "issue #7 was closed 2025-09-10T00:00:00Z and the problem recurred" };

const cases: readonly { name: string; revisions: string[]; history: RunHistory; issue?: IssueVerdict; published?: PublishedIssue; category: string; reason: RegExp }[] = [
  {
    name: "never seen, on a first run, is new (active-dev cannot be told without revision history)",
    revisions: ["api-00645-l8x"],
    history: historyOf([]),
    category: "new",
    reason: /^new: not seen in any earlier run \(no earlier runs are recorded\)$/,
  },
  {
    name: "never seen, in the revision that was running when the history began, is new",
    revisions: ["api-00600-aaa"],
    history: historyOf([{ fingerprint: "lgfpother" }], oldRevision),
    category: "new",
    reason: /^new: not seen in any earlier run$/,
  },
  {
    name: "first seen in a revision rolled out 3 hours ago is active-dev",
    revisions: ["api-00645-l8x"],
    history: historyOf([{ fingerprint: "lgfpother" }], { ...oldRevision, "api-00645-l8x": "2025-09-14T23:00:00Z" }),
    category: "active-dev",
    reason: /^active-dev: first seen in revision api-00645-l8x, rolled out 3 h ago \(within 2 days\)$/,
  },
  {
    name: "a revision unknown to a history that knows others was rolled out in this window: active-dev",
    revisions: ["api-00646-new"],
    history: historyOf([{ fingerprint: "lgfpother" }], oldRevision),
    category: "active-dev",
    reason: /^active-dev: first seen in revision api-00646-new/,
  },
  {
    name: "seen before the fresh revision existed is not active-dev, though it occurs in it now",
    revisions: ["api-00645-l8x"],
    history: historyOf([{ fingerprint, firstSeen: "2025-09-02T00:00:00Z", firstRevision: "api-00600-aaa", runs: [{ runId: "r1", count: 40, ratePerMinute: 1 }] }], { ...oldRevision, "api-00645-l8x": "2025-09-14T23:00:00Z" }),
    category: "other",
    reason: /^other: seen before \(first seen 2025-09-02T00:00:00Z, 40 entries in earlier runs\); revision api-00600-aaa was already running when the history began/,
  },
  {
    name: "a day-one problem on day two is other, not active-dev (the revisions were running before the history began)",
    revisions: ["api-00600-aaa"],
    history: historyOf([{ fingerprint, firstSeen: "2025-09-01T00:10:00Z", firstRevision: "api-00600-aaa", runs: [{ runId: "r1", count: 40, ratePerMinute: 1 }] }], { "api-00600-aaa": "2025-09-01T00:00:00Z", "api-00601-bbb": "2025-09-01T00:20:00Z" }),
    category: "other",
    reason: /already running when the history began/,
  },
  {
    name: "active-dev ends when the revision is older than activeDevHours",
    revisions: ["api-00645-l8x"],
    history: historyOf([{ fingerprint, firstSeen: "2025-09-12T01:00:00Z", firstRevision: "api-00645-l8x", runs: [{ runId: "r1", count: 40, ratePerMinute: 1 }] }], { ...oldRevision, "api-00645-l8x": "2025-09-12T00:00:00Z" }),
    category: "other",
    reason: /rolled out 3\.1 days ago \(over 2 days\)$/,
  },
  {
    name: "a closed issue recurring after the grace period is a regression, even in a fresh revision",
    revisions: ["api-00645-l8x"],
    history: historyOf([{ fingerprint }], { "api-00645-l8x": "2025-09-14T23:00:00Z" }),
    issue: reopen,
    category: "regression",
    reason: /^regression: issue #7 was closed 2025-09-10T00:00:00Z/,
  },
  {
    name: "a reopened regression stays regression while its issue is open",
    revisions: ["api-00600-aaa"],
    history: historyOf([{ fingerprint }], oldRevision),
    issue: { kind: "update", reason: "issue #7 is open" },
    published: { tracker: "github", number: 7, state: "open", stateReason: "reopened", title: "GCP-regression | P2 | x", labels: [], category: "regression" },
    category: "regression",
    reason: /^regression: issue #7 was reopened for a recurrence and is still open$/,
  },
];

for (const c of cases) {
  test(c.name, () => {
    const verdict = categorise(c.revisions, c.history, c.issue, c.published);
    assert.equal(verdict.category, c.category, verdict.reason);
    assert.match(verdict.reason, c.reason);
  });
}
