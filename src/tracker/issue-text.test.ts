import assert from "node:assert/strict";
import { test } from "node:test";
import { fingerprint, judgedCluster, runWindow } from "../../test/builders/judged-cluster.js";
import { GITHUB_BODY_LIMIT, GITHUB_TITLE_LIMIT, issueBody, issueTitle, parseIssueTitle, replaceSummary, retitle, SUMMARY_END, SUMMARY_START } from "./issue-text.js";

const FP = fingerprint(7);

test.describe("titles", () => {
  for (const [name, args, expected] of [
    ["follows GCP-{category} | {priority} | {name}", ["new", "P1", "Auth circuit breaker open"], "GCP-new | P1 | Auth circuit breaker open"],
    ["neutralises @mentions and #references", ["other", "P3", "ping @octocat about #12"], "GCP-other | P3 | ping @\u200boctocat about #\u200b12"],
    ["puts newlines on one line", ["regression", "P0", "a\nb"], "GCP-regression | P0 | a b"],
  ] as const) {
    test(name, () => assert.equal(issueTitle(args[0], args[1], args[2]), expected));
  }
  test(`stays within GitHub's ${GITHUB_TITLE_LIMIT} characters`, () => {
    assert.equal(Array.from(issueTitle("new", "P2", "x".repeat(1000))).length, GITHUB_TITLE_LIMIT);
  });
  test("retitling keeps a name a human edited", () => {
    assert.equal(retitle("GCP-new | P2 | Renamed by hand", "new", "P1"), "GCP-new | P1 | Renamed by hand");
    assert.deepEqual(parseIssueTitle("Not ours"), undefined);
  });
});

test("a body with huge samples stays under GitHub's 65,536-character limit and keeps its fences closed", () => {
  const huge = { message: "`".repeat(10) + "y".repeat(100_000) };
  const judged = judgedCluster(FP, { samples: [huge, huge, huge] });
  const body = issueBody({ judged, marker: { fingerprint: FP, aliases: [] }, shown: { priority: "P2", category: "new" }, window: runWindow(), related: [] }, { maxSamples: 3, maxBodyChars: GITHUB_BODY_LIMIT });
  assert.ok(body.length <= GITHUB_BODY_LIMIT);
  const fences = body.match(/^`{3,}/gm) ?? [];
  assert.equal(fences.length % 2, 0);
});

test("related links render issue numbers and escape the untrusted names", () => {
  const judged = judgedCluster(FP);
  const body = issueBody(
    { judged, marker: { fingerprint: FP, aliases: [] }, shown: { priority: "P2", category: "new" }, window: runWindow(), related: [{ issueNumber: 4, text: "<b>@team</b> broke" }] },
    { maxSamples: 1, maxBodyChars: 60_000 },
  );
  assert.match(body, /^- #4: &lt;b>@\u200bteam&lt;\/b> broke$/m);
});

test("replacing the summary keeps what humans wrote around it", () => {
  const body = `mine\n${SUMMARY_START}\nold\n${SUMMARY_END}\nalso mine`;
  assert.equal(replaceSummary(body, `${SUMMARY_START}\nnew\n${SUMMARY_END}`), `mine\n${SUMMARY_START}\nnew\n${SUMMARY_END}\nalso mine`);
});

test("property: any sample text leaves the body within the limit with no live mention outside code", async () => {
  const fc = await import("fast-check");
  const hostile = fc.default.stringMatching(/^[`@#a-z0-9 \n<>|\\*_[\]()-]{0,400}$/);
  fc.default.assert(
    fc.default.property(hostile, hostile, (name, message) => {
      const judged = judgedCluster(FP, { name, samples: [{ message }, message] });
      const body = issueBody({ judged, marker: { fingerprint: FP, aliases: [] }, shown: { priority: "P2", category: "new" }, window: runWindow(), related: [] }, { maxSamples: 3, maxBodyChars: 2_000 });
      assert.ok(body.length <= 2_000);
      // Strip fenced blocks (a fence closes only with a run at least as long as the one that opened it).
      const outside = body.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, "").replace(/(`+)[^`]*?\1/g, "");
      assert.doesNotMatch(outside, /(^|[^\w\u200b])@[a-z0-9]/i);
    }),
    { numRuns: 150 },
  );
});

test.describe("figures in bodies read like the worklog's", () => {
  const judged = judgedCluster(FP, { count: 1802 });
  const window = { ...runWindow(), minutes: 59.96 };
  const body = issueBody({ judged, marker: { fingerprint: FP, aliases: [] }, shown: { priority: "P1", category: "new" }, window, related: [] }, { maxSamples: 1, maxBodyChars: 60_000 });

  test("counts have thousands separators and the span reads as the worklog writes it", () => {
    assert.match(body, /\*\*1,802\*\* entries \(ERROR 1,802\) in 1h = \d+(\.\d+)?\/min/);
  });

  test("the window is given as UTC times, not raw timestamps", () => {
    assert.match(body, /\| Latest window \| `[^`]+` \(2025-09-14 18:00:00 → 19:00:00 UTC\) \|/);
  });
});

test("a held priority in the summary says until when in UTC and what the rules say now", () => {
  const judged = {
    ...judgedCluster(FP),
    priority: "P1" as const,
    priorityReason: "P1: held, set 2026-11-23T01:58:03.711Z and not lowered within the 3 days cooldown (until 2026-11-26T01:58:03.711Z); rules now say P2: x",
    heldPriority: { rulesSaid: "P2" as const, until: "2026-11-26T01:58:03.711Z" },
    reasons: ["P2: severity WARNING (rule warning)"],
  };
  const body = issueBody({ judged, marker: { fingerprint: FP, aliases: [] }, shown: { priority: "P1", category: "other" }, window: runWindow(), related: [] }, { maxSamples: 1, maxBodyChars: 60_000 });
  assert.match(body, /^\| Priority \| P1: held until 2026-11-26 01:58:03 UTC \(cooldown: a priority is not lowered automatically\); the rules now say P2: severity WARNING \(rule warning\) \|$/m);
});

test("a title never carries bidi overrides or invisible characters from the log", () => {
  const title = issueTitle("new", "P1", "Upload of \u202etxt.exe\u202c failed \u2066for\u2069 user\u200b x");
  assert.equal(title, "GCP-new | P1 | Upload of txt.exe failed for user x");
  assert.equal(issueTitle("new", "P3", "\ufe0f\u200b 寫入訂單摘要失敗\u200b"), "GCP-new | P3 | 寫入訂單摘要失敗");
});

test("a `|` inside a symptom's code span is escaped in the symptom table, so the row keeps its three cells", () => {
  const base = judgedCluster(FP);
  const symptom = (template: string, count: number): { fingerprint: string; template: string; kind: "log"; count: number; share: number; maxSeverity: "ERROR" } => ({ fingerprint: FP, template, kind: "log", count, share: count / 4, maxSeverity: "ERROR" });
  const symptoms = [symptom("| mod:fn:<*> | [db] REAL connection failed", 2), symptom("| mod:fn:<*> | [db] degraded", 2)];
  const problem = { cause: symptoms[0]!, causeStated: true, symptoms, routes: [], statuses: [], instances: [], revisions: [] };
  const judged = { ...base, cluster: { ...base.cluster, problem } };
  const body = issueBody({ judged, marker: { fingerprint: FP, aliases: [] }, shown: { priority: "P2", category: "new" }, window: runWindow(), related: [] }, { maxSamples: 1, maxBodyChars: GITHUB_BODY_LIMIT });
  const rows = body.split("\n").filter((line) => line.startsWith("| `"));
  assert.deepEqual(rows, ["| `\\| mod:fn:<*> \\| [db] REAL connection failed` | 2 | 50% |", "| `\\| mod:fn:<*> \\| [db] degraded` | 2 | 50% |"]);
  // Outside the table the code span is written as it is: a backslash there would show.
  assert.match(body, /^Cause: `\| mod:fn:<\*> \| \[db\] REAL connection failed`$/m);
});
