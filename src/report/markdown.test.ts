import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, test } from "node:test";
import { ClusterFixture, ReportFixture, worklogFixture } from "../../test/builders/report-builder.js";
import { WORKLOG_GOLDEN_CASES } from "../../test/golden/worklog/cases.js";
import { markdownText } from "./escape.js";
import { renderWorklog, type WorklogOptions } from "./markdown.js";

/** These tests pin the full worklog (`--worklog full`); markdown-brief.test.ts pins the default. */
const renderFull = (report: Parameters<typeof renderWorklog>[0], options: WorklogOptions = {}): string => renderWorklog(report, { detail: "full", ...options });

const worklog = renderFull(worklogFixture().build());

/** The text of one `### n. …` cluster section. */
function section(markdown: string, index: number): string {
  const start = markdown.indexOf(`\n### ${index}. `);
  assert.ok(start >= 0, `no section ${index}`);
  const end = markdown.indexOf("\n### ", start + 1);
  const stop = end >= 0 ? end : markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, stop);
}

describe("worklog header", () => {
  test("states the window in UTC with its length and how it was chosen", () => {
    assert.match(worklog, /^\| Window \(UTC\) \| 2025-09-15 00:52:25 → 01:52:25 UTC \(60 minutes, as asked\) \|$/m);
  });

  test("gives exact read, kept, skipped and filtered counts that add up", () => {
    // 1,022 kept + 2 skipped + 3,424 filtered = 4,448 read
    assert.match(worklog, /^\| Entries \| 4,448 read · 1,022 kept · 2 skipped · 3,424 filtered \(3,412 below WARNING, 12 duplicates\) \|$/m);
  });

  test("says the read was complete", () => {
    assert.match(worklog, /^\| Read \| complete \(1 source\) \|$/m);
    assert.doesNotMatch(worklog, /Incomplete read/);
  });

  test("lists services, projects and revisions with their counts", () => {
    assert.match(worklog, /^\| Services \| `netra-backend-staging` \(1,022\) \|$/m);
    assert.match(worklog, /^\| Revisions \| `netra-backend-staging-00645-l8x` \(1,022\) \|$/m);
  });
});

describe("worklog summary and ordering", () => {
  test("counts clusters by priority", () => {
    assert.match(worklog, /^- \*\*5 clusters\*\* from 1,022 kept entries: 1 P0, 2 P1, 2 P3\.$/m);
  });

  test("orders cluster sections by priority, then count", () => {
    const headings = [...worklog.matchAll(/^### (\d+)\. (P\d) · (.*)$/gm)].map((m) => `${m[2]} ${m[3]?.split(" ").slice(0, 3).join(" ")}`);
    assert.deepEqual(headings, [
      "P0 \\[🔑\\] GOLDEN PATH",
      "P1 Session access failed",
      "P1 RACE CONDITION DETECTED:",
      "P3 SSOT validation issues",
      "P3 POST /ws/beacon →",
    ]);
  });

  test("the summary table has one row per cluster with exact count, share and rate", () => {
    assert.match(worklog, /^\| 2 \| P1 \| Session access failed \(middleware not installed\?\) \| 917 \| 89\.7% \| 15\.3\/min \| 16 \| 00:52:31 \| 01:52:25 \| other \| steady \| \[#889\]\(https:\/\/github\.com\/netra-systems\/netra-apex\/issues\/889\) \|$/m);
  });

  test("the most urgent list names a category only when it is not the everyday one", () => {
    assert.match(worklog, /^  - \*\*P0\*\* .*: 42 entries, 42\/h\. severity CRITICAL/m);
    assert.match(worklog, /^  - \*\*P1\*\* RACE CONDITION .*: 36 entries, 36\/h, active-dev\. /m);
  });

    test("never writes an approximate count like 15+", () => {
    assert.doesNotMatch(worklog, /\d\+(?!\d)/);
  });
});

describe("worklog cluster sections", () => {
  test("each section gives the priority with its reason, without saying the priority twice", () => {
    assert.match(section(worklog, 1), /^\| Priority \| \*\*P0\*\*: severity CRITICAL, keyword "auth" \(rule critical-security\) \|$/m);
  });

  test("a held priority says what the rules said and until when", () => {
    assert.match(section(worklog, 2), /^\| Priority \| \*\*P1\*\*: held until 2025-09-17 01:52:00 UTC \(cooldown: a priority is not lowered automatically\); the rules now say P2 \|$/m);
    assert.doesNotMatch(section(worklog, 2), /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z and not lowered/);
  });

  test("an escalation says from which priority and why", () => {
    assert.match(section(worklog, 3), /^\| Escalated \| from P2: rate 6× the baseline \|$/m);
  });

  test("gives location, distinct users and connections with examples", () => {
    const auth = section(worklog, 1);
    assert.match(auth, /^\| Location \| `netra_backend\.app\.routes\.websocket_ssot` · `_handle_main_mode` · line 741 \|$/m);
    assert.match(auth, /^\| Connections \| 3 distinct: `main_e1999c70`, `main_2da1b58a`, `main_cfa09152` \|$/m);
    assert.match(section(worklog, 4), /^\| Users \| 1 distinct: `demo-user-001` \|$/m);
  });

  test("rates come with the peak minute", () => {
    assert.match(section(worklog, 3), /^\| Rate \| 36\/h over the window · peak 20 in the minute `2025-09-15T01:50Z` \|$/m);
  });

  test("a merged cluster lists its templates with counts and why they were merged", () => {
    const race = section(worklog, 3);
    assert.match(race, /^- 18 × `Cannot wait for startup phase - no app_state available`$/m);
    assert.match(race, /^- Merged because same code location/m);
  });

  test("samples are real entries in fenced JSON blocks, with how many of how many", () => {
    const auth = section(worklog, 1);
    assert.match(auth, /\*\*Sample\*\* \(1 of 42 entries, repaired and redacted\)/);
    const fences = [...auth.matchAll(/^```json\n([\s\S]*?)\n```$/gm)].map((m) => JSON.parse(m[1] ?? "") as { insertId?: string });
    assert.deepEqual(fences.slice(1).map((f) => f.insertId), ["68c76f5900071a2b", "68c77b2c000d4e11"]);
  });

  test("the first sample is shown as its gist, the whole entries fold away", () => {
    const auth = section(worklog, 1);
    const gist = JSON.parse(/^```json\n([\s\S]*?)\n```$/m.exec(auth)?.[1] ?? "") as Record<string, unknown>;
    assert.deepEqual(Object.keys(gist).slice(0, 3), ["severity", "timestamp", "message"]);
    assert.match(auth, /^<summary>The whole entry and 1 more sample<\/summary>$/m);
    assert.ok(auth.indexOf("<details>") < auth.indexOf('"insertId"'), "whole entries are inside the fold");
  });

  test("a text sample is fenced as text, not JSON", () => {
    const text = renderFull(new ReportFixture().withCluster(new ClusterFixture().withSamples(["2025-09-15 10:00:03 ERROR boom"])).build());
    assert.match(text, /^```text\n2025-09-15 10:00:03 ERROR boom\n```$/m);
  });

  test("a stack trace in a sample is shown as text lines, not a JSON string of \\n", () => {
    const traceback = 'Traceback (most recent call last):\n  File "/srv/app/repo.py", line 41, in load\n    raise KeyError(order_id)\nKeyError: 800';
    const page = renderFull(new ReportFixture().withCluster(new ClusterFixture().withSamples([{ severity: "ERROR", timestamp: "2025-09-15T10:00:00Z", textPayload: traceback }])).build());
    assert.ok(page.includes("```text\n" + traceback + "\n```"));
    const gist = /^```json\n([\s\S]*?)\n```$/m.exec(page)?.[1] ?? "";
    assert.doesNotMatch(gist, /Traceback/);
  });

  test("the tracker row does not repeat the priority and category reasons", () => {
    const reason = "P2: severity ERROR (rule error)";
    const page = renderFull(
      new ReportFixture()
        .withCluster(new ClusterFixture(), { priority: "P2", priorityReason: reason, category: "new", categoryReason: "new: not seen in any earlier run" })
        .withTracker([{ fingerprint: "lgfp0000000000000001", kind: "create", title: "x", priority: "P2", category: "new", status: "done", issue: { number: 4 }, details: [reason, "Category new: new: not seen in any earlier run"] }])
        .build(),
    );
    assert.match(page, /^\| Tracker \| created #4 \|$/m);
  });

  test("rows with nothing to say are left out", () => {
    const bare = section(renderFull(new ReportFixture().withCluster(new ClusterFixture().withSamples(["x"])).build()), 1);
    assert.doesNotMatch(bare, /^\| (Users|Connections) \|/m);
    assert.doesNotMatch(bare, /none recorded/);
  });

  test("emoji in log text come through intact, not mangled", () => {
    assert.ok(worklog.includes("[🔑] GOLDEN PATH AUTH=[REDACTED]"));
    assert.doesNotMatch(worklog, /ðŸ|âœ|ï¿½/);
  });

  test("tracker actions are listed per cluster with links, the deferred one included", () => {
    assert.match(section(worklog, 1), /^\| Tracker \| created \[#1171\]\(https:\/\/github\.com\/netra-systems\/netra-apex\/issues\/1171\): created with 2 samples \|$/m);
    assert.match(section(worklog, 5), /^\| Tracker \| deferred \(creation cap\): creation cap of 1 reached \|$/m);
    assert.match(worklog, /^GitHub `netra-systems\/netra-apex`: 1 created, 1 updated, 1 commented, 1 unchanged, 1 deferred\. Requests: 3 reads, 5 writes\.$/m);
    assert.match(worklog, /^Deferred by this run's creation cap \(`tracker\.maxNewIssues`\): 1 cluster, judged again on the next run\.$/m);
  });

  test("a dry run says nothing was written", () => {
    const dry = renderFull(
      new ReportFixture()
        .withCluster(new ClusterFixture())
        .withTracker([{ fingerprint: "lgfp0000000000000001", kind: "create", title: "x", priority: "P3", category: "new", status: "planned", details: [] }], { dryRun: true })
        .build(),
    );
    assert.match(dry, /^- Tracker: 1 to create \(dry run: nothing was written\)\.$/m);
    assert.match(dry, /\| Tracker \| would create \(dry run\) \|/);
  });
});

describe("worklog skipped entries and sources", () => {
  test("skipped and filtered entries are tabled by reason", () => {
    assert.match(worklog, /^\| `invalid_json` \| skipped \(could not be used\) \| 2 \|$/m);
    assert.match(worklog, /^\| `below_min_severity` \| filtered \(left out on purpose\) \| 3,412 \|$/m);
    assert.match(worklog, /^- `export-2025-09-15\.json#1204`: `invalid_json`, Unexpected token \\\] at column 1$/m);
  });

  test("the Cloud Logging filter is given in a code block", () => {
    assert.ok(worklog.includes('```\nresource.type="cloud_run_revision" AND resource.labels.service_name="netra-backend-staging"'));
  });
});

describe("worklog completeness", () => {
  test("an incomplete read puts a warning banner first with how far the read got", () => {
    const incomplete = renderFull(
      worklogFixture().withCompleteness({ kind: "query_failed", error: "HTTP 429 RESOURCE_EXHAUSTED", readUntil: "2025-09-15T01:20:00Z" }).build(),
    );
    const banner = incomplete.indexOf("> [!WARNING]");
    assert.ok(banner > 0 && banner < incomplete.indexOf("| Window (UTC)"));
    assert.match(incomplete, /incomplete: read 4,448 entries up to 2025-09-15 01:20:00 UTC, then query failed: HTTP 429 RESOURCE_EXHAUSTED/);
    assert.match(incomplete, /^- \*\*The read was incomplete\*\*/m);
  });

  test("a query that failed before any entry says query failed", () => {
    const failed = renderFull(new ReportFixture().withCompleteness({ kind: "query_failed", error: "permission denied" }).build());
    assert.match(failed, /^\| Read \| query failed: permission denied \|$/m);
    assert.match(failed, /\*\*Nothing was read\*\*/);
  });

  test("no data is told apart from zero errors", () => {
    const noData = renderFull(new ReportFixture().withCompleteness({ kind: "no_data" }).build());
    const zeroErrors = renderFull(new ReportFixture().withFiltered({ below_min_severity: 250 }).build());
    assert.match(noData, /\*\*No data\*\*: the sources answered but held no entries/);
    assert.match(zeroErrors, /\*\*0 entries at WARNING or above\*\*: 250 entries read, none kept \(250 below min severity\)\./);
    assert.doesNotMatch(zeroErrors, /No data/);
  });

  test("a truncated read says why it stopped", () => {
    const truncated = renderFull(new ReportFixture().withCluster(new ClusterFixture()).withCompleteness({ kind: "truncated", reason: "stopped at --max-entries 10", readUntil: "2025-09-15T01:00:00Z" }).build());
    assert.match(truncated, /incomplete: read 10 entries up to 2025-09-15 01:00:00 UTC, then stopped at --max-entries 10/);
  });
});

describe("worklog safety", () => {
  test("log text cannot inject HTML, mentions, issue links or break a table", () => {
    const hostile = renderFull(
      new ReportFixture()
        .withCluster(new ClusterFixture().withName("<script>alert(1)</script> @admin closes #12 | cell", "x").withSamples(["```\n# not a heading"]))
        .build(),
    );
    assert.doesNotMatch(hostile, /<script>/);
    assert.doesNotMatch(hostile, /@admin/);
    assert.doesNotMatch(hostile, /(?<!\\)#12/);
    const row = hostile.split("\n").find((line) => line.startsWith("| 1 | P3 |"));
    assert.ok(row);
    assert.equal(row.split(/(?<!\\)\|/).length, 14, "12 cells between 13 unescaped pipes");
    assert.match(hostile, /^````text\n```\n# not a heading\n````$/m);
  });

  test("a long sample is cut at the bound with a note", () => {
    const long = renderFull(new ReportFixture().withCluster(new ClusterFixture().withSamples([{ message: "x".repeat(500) }])).build(), { maxSampleChars: 100 });
    assert.match(long, /The whole entry \(cut at 100 of 519 characters\):/);
  });

  test("the same report renders to the same bytes", () => {
    assert.equal(renderFull(worklogFixture().build()), worklog);
  });
});

describe("worklog text reads the same raw and rendered", () => {
  const cases: [input: string, expected: string][] = [
    ["netra-backend-staging", "netra-backend-staging"],
    ["auth_service (in _heartbeat)", "auth_service (in \\_heartbeat)"],
    ["[🔑] AUTH=x *bold*", "\\[🔑\\] AUTH=x \\*bold\\*"],
    ["- list", "\\- list"],
    ["1. list", "1\\. list"],
    ["a | b", "a | b"],
    ["<b>x</b>", "&lt;b>x&lt;/b>"],
    ["AUTH=<*> for <id> and <b>", "AUTH=<\\*> for \\<id> and &lt;b>"],
    // a redaction placeholder is written as a typed one is: one way for both
    ["token=<github-token> at <time>, Login failed for <email>", "token=\\<github-token> at \\<time>, Login failed for \\<email>"],
    ["<script>alert(1)</script>", "&lt;script>alert(1)&lt;/script>"],
  ];
  for (const [input, expected] of cases) {
    test(`${JSON.stringify(input)} is written ${JSON.stringify(expected)}`, () => {
      assert.equal(markdownText(input), expected);
    });
  }

  test("no hidden marker can be forged in the raw text", () => {
    assert.doesNotMatch(markdownText("<!-- log-gardener:v1 fp=lgfp0000000000000001 -->"), /<!--/);
  });

  test("timestamps inside the judge's sentences are printed as the worklog prints times", () => {
    assert.match(section(worklog, 1), /^\| Category \| other: seen before \(first seen 2025-09-13 18:01:23 UTC, /m);
  });

  test("the version in the header has no backslash", () => {
    assert.match(worklog, /^\| Generated \| .* by log-gardener \d+\.\d+\.\d+[^\\|]* \|$/m);
  });

  test("a worklog of text logs is named after its input files, with singular minutes", () => {
    const text = new ReportFixture().build();
    const fromFile = renderFull({ ...text, services: [], query: { ...text.query, services: [] }, sources: text.sources.map((s) => ({ ...s, input: "/var/log/app/api.log" })), window: { ...text.window, minutes: 1 } });
    assert.match(fromFile, /^# Log worklog: api.log · /m);
    assert.match(fromFile, /\(1 minute, /);
  });
});

describe("worklog golden files", () => {
  for (const golden of WORKLOG_GOLDEN_CASES) {
    test(`${golden.name} matches ${golden.file.split("/").pop()} (refresh: npx tsx scripts/update-worklog-golden.ts)`, async () => {
      assert.equal(golden.render(), await readFile(golden.file, "utf8"));
    });
  }
});
