// The default, brief worklog: what needs a person, one row per problem, a few lines per problem.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Priority } from "../model/judgement.js";
import type { TrackerActionOutcome } from "../model/tracker.js";
import { ClusterFixture, ReportFixture, worklogFixture } from "../../test/builders/report-builder.js";
import { renderWorklog } from "./markdown.js";

const brief = renderWorklog(worklogFixture().build());
const bytes = (text: string): number => Buffer.byteLength(text, "utf8");

/** The text of one `### n. …` section of the brief worklog. */
function section(markdown: string, index: number): string {
  const start = markdown.indexOf(`\n### ${index}. `);
  assert.ok(start >= 0, `no section ${index}`);
  const next = [markdown.indexOf("\n### ", start + 1), markdown.indexOf("\n## ", start + 1)].filter((i) => i >= 0);
  return markdown.slice(start, Math.min(...next, markdown.length));
}

const SERVICES = ["netra-backend-staging", "netra-auth-service", "netra-frontend-staging"];
const MESSAGES = [
  "WebSocket manager creation failed: Direct instantiation not allowed. Use get_websocket_manager() factory function.",
  "Session management check failed: name 'auth_service' is not defined",
  "[LEGACY MODE] Message loop error: Invalid message type 'legacy_response': Unknown message type: 'legacy_response'. Valid types: ['CONNECT', 'DISCONNECT', 'HEARTBEAT', 'PING', 'PONG', 'USER_MESSAGE', 'CHAT', 'SYSTEM_MESSAGE', 'ERROR_MESSAGE', 'AGENT_THINKING']",
  "Traceback (most recent call last):\n  File \"/app/netra_backend/app/db/postgres.py\", line 212, in execute\n    return await conn.fetch(query)\n  File \"/usr/local/lib/python3.11/site-packages/asyncpg/pool.py\", line 1020, in fetch\n    return await con.fetch(query)\nasyncio.exceptions.TimeoutError: Query timed out after 30s",
];

/** 75 problems over 12 days of three services, as a large real export gives: long messages, stack traces, issues on half. */
function seventyFiveProblems(count = 75): ReturnType<ReportFixture["build"]> {
  const fixture = new ReportFixture().withWindow({ start: "2025-09-02T16:21:00Z", end: "2025-09-14T19:00:00Z", basis: "data", label: "12d 2h", minutes: 17_439 });
  const actions: TrackerActionOutcome[] = [];
  for (let n = 0; n < count; n += 1) {
    const fingerprint = `lgfp${n.toString(16).padStart(16, "0")}`;
    const priority: Priority = n < 3 ? "P0" : n < 11 ? "P1" : n < 31 ? "P2" : "P3";
    const message = `${MESSAGES[n % MESSAGES.length] ?? ""} (case ${n})`;
    const service = SERVICES[n % SERVICES.length] ?? "";
    const cluster = new ClusterFixture()
      .withFingerprint(fingerprint)
      .withName(`Problem ${n}: ${(message.split("\n").pop() ?? "").slice(0, 56)}`, message.replace(/\d+/g, "<*>"))
      .withService(service)
      .withCount(1 + ((n * 37) % 400), n % 5 === 0 ? "ERROR" : "WARNING")
      .seen("2025-09-03T08:00:00.000000Z", "2025-09-14T18:00:00.000000Z")
      .withSource({ module: `netra_backend.app.module_${n}`, function: `handler_${n}`, line: 100 + n })
      .withTemplate(`Related symptom ${n}: retry <*> of <*> after <*>`, 1, "WARNING")
      .withSamples([
        {
          insertId: `insert-${n}`,
          jsonPayload: { message, labels: { module: `netra_backend.app.module_${n}`, function: `handler_${n}`, line: String(100 + n) } },
          resource: { type: "cloud_run_revision", labels: { service_name: service, revision_name: `${service}-00${n}-abc` } },
          severity: n % 5 === 0 ? "ERROR" : "WARNING",
          timestamp: "2025-09-03T08:00:00.000000Z",
        },
      ]);
    fixture.withCluster(cluster, {
      priority,
      priorityReason: `${priority}: severity WARNING, rate 3.1/h (37 in 12d 2h) ≥ 1/h (rule warning-sustained)`,
      category: n % 7 === 0 ? "new" : n % 11 === 0 ? "regression" : "other",
      categoryReason: n % 7 === 0 ? "new: not seen in any earlier run" : "other: seen before (first seen 2025-08-01T00:00:00Z, 1,204 entries in earlier runs)",
      trend: n % 7 === 0 ? { kind: "new" } : { kind: "steady", baselineRate: 0.002, factor: 1.1 },
    });
    if (n % 2 === 0) actions.push({ fingerprint, kind: "comment", title: `${priority} · Problem ${n}`, priority, category: "other", issue: { number: 1000 + n, url: `https://github.com/netra-systems/netra-apex/issues/${1000 + n}` }, status: "done", details: ["comment with this run's figures"] });
  }
  return fixture.withTracker(actions).build();
}

describe("brief worklog: header and summary", () => {
  test("the window reads as a span and a human length", () => {
    assert.match(brief, /^- \*\*Window\*\*: 2025-09-15 00:52:25 → 01:52:25 UTC \(1h, as asked\)$/m);
  });
  test("entries read, kept, skipped and filtered add up in one line", () => {
    assert.match(brief, /^- \*\*Entries\*\*: 4,448 read, 1,022 kept at WARNING or above, 2 skipped, 3,424 filtered \(3,412 below WARNING, 12 duplicates\); read complete \(1 source\)$/m);
  });
  test("what needs a person lists P0/P1, new and escalated problems with why, and their issue", () => {
    const summary = brief.slice(brief.indexOf("## Needs a person today"), brief.indexOf("## Problems"));
    assert.match(summary, /^- \*\*P0\*\* · 1\. .*GOLDEN PATH.*: 42 entries, 42\/h · \[#1171\]$/m);
    assert.match(summary, /^- \*\*P1, escalated from P2\*\* · 3\. RACE CONDITION DETECTED/m);
    assert.match(summary, /^- \*\*new\*\* · 5\. POST \/ws\/beacon → 405/m);
    assert.doesNotMatch(summary, /SSOT validation/, "a steady P3 needs no one");
    assert.match(summary, /^- 5 problems in 1,022 kept entries \(1 P0, 2 P1, 2 P3\); 1 of them needs no one today\.$/m);
  });
  test("a quiet run says nothing needs a person", () => {
    const quiet = renderWorklog(new ReportFixture().withCluster(new ClusterFixture(), { priority: "P3", category: "other", categoryReason: "other: seen before", trend: { kind: "steady", baselineRate: 0.1, factor: 1 } }).build());
    assert.match(quiet, /^- Nothing: no problem is new, escalated, regressed or at P0\/P1\.$/m);
  });
});

describe("brief worklog: the table", () => {
  test("one row per problem with priority, service, name, count, rate, first/last seen, category and issue", () => {
    assert.match(brief, /^\| # \| P \| Service \| Problem \| Count \| Rate \| First seen \| Last seen \| Category \| Issue \|$/m);
    assert.match(brief, /^\| 2 \| P1 \| netra-backend-staging \| Session access failed \(middleware not installed\?\) \| 917 \| 15\.3\/min \| 00:52 \| 01:52 \| other \| \[#889\] \|$/m);
    assert.match(brief, /^\[#889\]: https:\/\/github\.com\/netra-systems\/netra-apex\/issues\/889$/m, "each issue link is defined once at the foot");
  });
  test("the same request of two services reads as two rows", () => {
    const page = renderWorklog(
      new ReportFixture()
        .withCluster(new ClusterFixture().withFingerprint("lgfp0000000000000001").withName("GET /favicon.ico 404").withService("frontend"))
        .withCluster(new ClusterFixture().withFingerprint("lgfp0000000000000002").withName("GET /favicon.ico 404").withService("backend"))
        .build(),
    );
    assert.match(page, /\| frontend \| GET \/favicon\.ico 404 \|/);
    assert.match(page, /\| backend \| GET \/favicon\.ico 404 \|/);
  });
  test("typed placeholders read the same raw and rendered", () => {
    const page = renderWorklog(new ReportFixture().withCluster(new ClusterFixture().withName("Blocked path traversal attempt from <ip> after <duration>")).build());
    assert.match(page, /Blocked path traversal attempt from \\<ip> after \\<duration>/);
  });
  test("undated entries give counts but no rate, and the window says why", () => {
    const page = renderWorklog(new ReportFixture().withWindow({ start: undefined, end: undefined, basis: "data", label: "undated", minutes: 1 }).withCluster(new ClusterFixture().withCount(7)).build());
    assert.match(page, /^- \*\*Window\*\*: not known: no kept entry had a timestamp, so no rates are given$/m);
    assert.match(page, /\| 7 \| – \|/);
    assert.doesNotMatch(page, /\/min|\/h\b|\/day/);
  });
});

describe("brief worklog: one short section per problem", () => {
  const first = section(brief, 1);
  test("gives severity, trend, issue and location in one line, then the reason and one sample's gist", () => {
    assert.match(first, /^CRITICAL 42 · steady · \[#1171\] created · `netra_backend\.app\.routes\.websocket_ssot` · `_handle_main_mode` · line 741$/m);
    assert.match(first, /^- \*\*Why P0\*\*: severity CRITICAL, keyword "auth" \(rule critical-security\)$/m);
    assert.match(first, /^- \*\*Sample\*\* \(2025-09-15 00:58:11 UTC, CRITICAL\): `\[🔑\] GOLDEN PATH AUTH=\[REDACTED\] permissive .*…`$/m);
  });
  test("a merged problem lists its templates as symptoms and why they were merged", () => {
    const race = section(brief, 3);
    assert.match(race, /^- \*\*Symptoms\*\*: 18 × `\[🔴\] RACE CONDITION DETECTED.*`; 18 × `Cannot wait for startup phase - no app_state available` \(merged: same code location/m);
    assert.match(race, /^- \*\*active-dev\*\*: occurs only in revision/m);
  });
  test("a `|` in a symptom or the sample is written as it is in list items, and escaped in the table", () => {
    const page = renderWorklog(
      new ReportFixture()
        .withCluster(new ClusterFixture().withName("cache | miss").withTemplate("| mod:fn:<*> | cache miss", 2).withTemplate("| mod:fn:<*> | cache stale", 1).withSamples(["a | b"]))
        .build(),
    );
    // Backslash escapes do not work inside a code span outside a table: `\|` there shows the backslash.
    assert.match(page, /^- \*\*Symptoms\*\*: 7 × `cache \| miss`; 2 × `\| mod:fn:<\*> \| cache miss`; 1 × `\| mod:fn:<\*> \| cache stale`/m);
    assert.match(page, /^- \*\*Sample\*\*: `a \| b`$/m);
    assert.match(page, /^### 1\. P3 · cache \| miss$/m);
    assert.match(page, /^\| 1 \| P3 \| netra-backend-staging \| cache \\\| miss \|/m);
  });
  test("a problem of one template repeats no symptom list", () => {
    assert.doesNotMatch(section(brief, 2), /Symptoms/);
  });
  test("the sample is a few lines of its message, never the whole entry", () => {
    assert.doesNotMatch(brief, /"insertId"|"jsonPayload"|```json/);
    const traceback = "Traceback (most recent call last):\n  File \"/app/a.py\", line 3, in run\n    go()\n  File \"/app/b.py\", line 9, in go\n    raise KeyError('user_id')\nKeyError: 'user_id'";
    const page = renderWorklog(new ReportFixture().withCluster(new ClusterFixture().withSamples([{ severity: "ERROR", timestamp: "2025-09-15T01:00:00Z", textPayload: traceback }])).build());
    const fence = /```text\n([\s\S]*?)\n\s*```/.exec(page)?.[1] ?? "";
    assert.equal(fence.split("\n").length, 4, fence);
    assert.match(fence, /… 3 more lines$/);
  });
  test("--worklog full keeps every fact and whole samples", () => {
    const full = renderWorklog(worklogFixture().build(), { detail: "full" });
    assert.match(full, /"insertId": "68c76f5900071a2b"/);
    assert.ok(bytes(full) > bytes(brief));
  });
});

describe("brief worklog: a long tail of problems", () => {
  const many = seventyFiveProblems(3_000);
  const page = renderWorklog(many);
  const rows = page.split("\n").filter((line) => /^\| \d+ \| P\d \|/.test(line));
  test("the page stays under its bound: the table stops and counts the rest", () => {
    assert.ok(bytes(page) < 20_000, `${bytes(page)} bytes`);
    assert.ok(rows.length >= 60 && rows.length < 3_000, `${rows.length} rows`);
    const rest = many.clusters.slice(rows.length);
    const entries = rest.reduce((sum, c) => sum + c.cluster.stats.count, 0);
    const line = page.split("\n").find((l) => / more problems \(/.test(l)) ?? "";
    assert.match(line, new RegExp(`^${(3_000 - rows.length).toLocaleString("en-US")} more problems \\(${entries.toLocaleString("en-US")} entries; `));
    assert.match(line, /every one is in the JSON report/);
  });
  test("the rows kept are the first in table order, P0 and P1 among them", () => {
    rows.forEach((row, index) => assert.ok(row.startsWith(`| ${index + 1} | `), row));
    assert.ok(rows.some((row) => row.includes("| P0 |")) && rows.some((row) => row.includes("| P1 |")));
  });
});

describe("brief worklog: size", () => {
  const big = seventyFiveProblems();
  const page = renderWorklog(big);
  test("75 problems of a 12-day export fit in under 20 KB", () => {
    assert.ok(bytes(page) < 20_000, `${bytes(page)} bytes`);
  });
  test("every problem has its table row, rates in a unit that fits 12 days", () => {
    const rows = page.split("\n").filter((line) => /^\| \d+ \| P\d \|/.test(line));
    assert.equal(rows.length, 75);
    assert.ok(rows.every((row) => /\| [\d.,<]+\/(?:min|h|day) \|/.test(row)), rows.find((row) => !/\/(?:min|h|day) \|/.test(row)));
    assert.match(page, /^# Log worklog: .* · 12d 2h$/m);
  });
  test("sections go to P0/P1 first, then new, escalated and regressed ones; the rest say where their details are", () => {
    const sections = new Set([...page.matchAll(/^### (\d+)\. /gm)].map((m) => Number(m[1])));
    assert.ok(sections.size >= 3, `${sections.size} sections`);
    const rank = (i: number): number => {
      const c = big.clusters[i];
      if (c === undefined) return 9;
      return c.priority === "P0" || c.priority === "P1" ? 0 : c.category === "new" || c.category === "regression" ? 1 : 2;
    };
    const worstShown = Math.max(...[...sections].map((n) => rank(n - 1)));
    big.clusters.forEach((_, i) => {
      if (rank(i) < worstShown) assert.ok(sections.has(i + 1), `problem ${i + 1} ranks above one that has a section`);
    });
    assert.ok(big.clusters.every((c, i) => c.priority !== "P0" || sections.has(i + 1)), "every P0 has its section");
    assert.match(page, new RegExp(`^- Problems without a section here: ${75 - sections.size} \\(size bound \`report\\.worklogMaxBytes\`\\)\\.$`, "m"));
  });
  test("a small run keeps a section for every problem", () => {
    assert.equal([...brief.matchAll(/^### \d+\. /gm)].length, 5);
    assert.doesNotMatch(brief, /without a section/);
  });
  test("the same report renders to the same bytes", () => {
    assert.equal(renderWorklog(big), page);
  });
});
