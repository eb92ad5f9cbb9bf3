// Ignored and muted problems are counted in the worklog (brief and full) and the JSON report, by rule, never hidden.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ClusterFixture, ReportFixture } from "../../test/builders/report-builder.js";
import { renderJsonReport } from "./json.js";
import { JsonReportSchema } from "./json-schema.js";
import { renderWorklog } from "./markdown.js";
import { countSetAside } from "./set-aside.js";

const problem = (n: number, name: string, count: number, severity: "WARNING" | "ERROR" = "WARNING") =>
  new ClusterFixture().withFingerprint(`lgfp${String(n).padStart(16, "0")}`).withName(name).withService("api").withCount(count, severity);

/** One problem that needs a person, three ignored by two rules, one muted on issue #3. */
const report = new ReportFixture()
  .withCluster(problem(1, "Database timeout", 500, "ERROR"), { priority: "P1", category: "other" })
  .withCluster(problem(2, "GET /.well-known/security.txt 404", 300), { priority: "P1", issue: { kind: "ignored", rule: "scanner-404s", reason: "ignored by rule scanner-404s" } })
  .withCluster(problem(3, "GET /wp-login.php 404", 20), { priority: "P3", issue: { kind: "ignored", rule: "scanner-404s", reason: "ignored by rule scanner-404s" } })
  .withCluster(problem(4, "Heartbeat timeout", 5), { priority: "P3", issue: { kind: "ignored", rule: "rare-heartbeats", reason: "ignored by rule rare-heartbeats, while under 100 entries a window (5 now)" } })
  .withCluster(problem(5, "Cache miss storm", 45), { priority: "P1", category: "other", issue: { kind: "muted", number: 3, reason: "issue #3 was closed as not planned: recurrences are muted" } })
  .build();

const SET_ASIDE_LINE =
  "- **Set aside**, counted and left alone: 3 problems ignored by rule (325 entries: `scanner-404s` 2 problems, 320 entries; `rare-heartbeats` 1 problem, 5 entries) · 1 problem muted on its issue (45 entries: #3).";

describe("problems set aside", () => {
  test("counted by rule, most entries first, and the muted ones with their issues", () => {
    assert.deepEqual(countSetAside(report.clusters), {
      ignored: { problems: 3, entries: 325, byRule: [{ rule: "scanner-404s", problems: 2, entries: 320 }, { rule: "rare-heartbeats", problems: 1, entries: 5 }] },
      muted: { problems: 1, entries: 45, issues: [3] },
    });
  });

  test("the brief worklog says how many problems and entries were set aside, by rule; they need no one today but keep their rows", () => {
    const brief = renderWorklog(report);
    assert.ok(brief.split("\n").includes(SET_ASIDE_LINE), brief);
    const today = brief.slice(brief.indexOf("## Needs a person today"), brief.indexOf("## Problems"));
    assert.match(today, /Database timeout/);
    assert.doesNotMatch(today, /security\.txt|Cache miss storm/, "an ignored or muted P1 needs no one");
    const rows = brief.split("\n").filter((line) => /^\| \d+ \| P\d \|/.test(line));
    assert.equal(rows.length, 5, "not hidden: every problem keeps its row");
    assert.match(rows.find((r) => r.includes("security.txt")) ?? "", /\| ignored: `scanner-404s` \|$/);
    assert.match(rows.find((r) => r.includes("Cache miss storm")) ?? "", /\| #3 muted \|$/);
  });

  test("the full worklog carries the same line and cells", () => {
    const full = renderWorklog(report, { detail: "full" });
    assert.ok(full.split("\n").includes(SET_ASIDE_LINE), full);
    assert.doesNotMatch(full.slice(full.indexOf("Most urgent"), full.indexOf("## Clusters")), /security\.txt|Cache miss storm/);
    assert.match(full, /\| Heartbeat timeout \|[^\n]*\| ignored: `rare-heartbeats` \|$/m);
  });

  test("the JSON report counts them in setAside and gives each problem its issue verdict", () => {
    const json = JsonReportSchema.parse(JSON.parse(renderJsonReport(report)));
    assert.deepEqual(json.setAside, countSetAside(report.clusters));
    const verdicts = json.clusters.map((c) => [c.name, c.issueVerdict.kind, c.issueVerdict.rule, c.issueVerdict.issueNumber]);
    assert.deepEqual(verdicts, [
      ["Database timeout", "file", null, null],
      ["GET /.well-known/security.txt 404", "ignored", "scanner-404s", null],
      ["Cache miss storm", "muted", null, 3],
      ["GET /wp-login.php 404", "ignored", "scanner-404s", null],
      ["Heartbeat timeout", "ignored", "rare-heartbeats", null],
    ]);
  });

  test("nothing set aside: no line, and the JSON counts zero", () => {
    const plain = new ReportFixture().withCluster(problem(1, "Database timeout", 5, "ERROR"), { priority: "P2" }).build();
    assert.doesNotMatch(renderWorklog(plain), /Set aside/);
    assert.deepEqual(JsonReportSchema.parse(JSON.parse(renderJsonReport(plain))).setAside, { ignored: { problems: 0, entries: 0, byRule: [] }, muted: { problems: 0, entries: 0, issues: [] } });
  });
});
