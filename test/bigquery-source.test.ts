/**
 * The BigQuery source with the real client against the loopback stand-in (test/fakes/fake-bigquery.ts):
 * the SQL that arrives, dry run before every job, the byte cap, paging, a failed job, both layouts.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { defaultConfig } from "../src/config/schema.js";
import type { GroupedItem, GroupedSource } from "../src/model/counted.js";
import { openBigQuery, type BigQueryRead } from "../src/sources/bigquery/source.js";
import { startFakeBigQuery, translateBigQuerySql, type FakeBigQuery } from "./fakes/fake-bigquery.js";

const T0 = Date.parse("2026-11-01T10:00:00Z");

/** `n` Cloud Run entries of a few templates over 10 minutes; every third shares a trace with the next. */
function entries(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    insertId: `id-${i}`,
    timestamp: new Date(T0 + i * 1_000).toISOString(),
    severity: i % 4 === 0 ? "ERROR" : i % 7 === 0 ? "INFO" : "WARNING",
    logName: "projects/proj-a/logs/run.googleapis.com%2Fstderr",
    resource: { type: "cloud_run_revision", labels: { service_name: i % 5 === 0 ? "auth" : "api", revision_name: `api-0000${i % 2}`, project_id: "proj-a" } },
    labels: { instanceId: `instance-${i % 3}` },
    jsonPayload: { message: i % 2 === 0 ? `Payment ${1000 + i} failed for user u${i % 9}` : `Cache miss for key 'k${i}' after ${i} ms`, user_id: `u${i % 9}` },
    sourceLocation: { file: "app/pay.py", line: String(10 + (i % 2)), function: i % 2 === 0 ? "charge" : "lookup" },
  }));
}

const config = defaultConfig();

function read(table: string, overrides: Partial<BigQueryRead> = {}): BigQueryRead {
  return { table, services: [], minSeverity: "WARNING", since: new Date(T0), until: new Date(T0 + 3_600_000), coOccurrenceMs: 1_000, maxRecentPerInstance: 64, ...overrides };
}

async function drain(source: GroupedSource, split: readonly string[] = []): Promise<GroupedItem[]> {
  const items: GroupedItem[] = [];
  for await (const item of source.groups(split)) items.push(item);
  return items;
}

describe("BigQuery source against the REST stand-in", () => {
  let fake: FakeBigQuery;
  const ctx = () => ({ endpoint: fake.url, getAccessToken: () => Promise.resolve("fake-token") });

  before(async () => {
    fake = await startFakeBigQuery({
      tables: {
        "proj-a.logs.run_googleapis_com_stderr": { layout: "sink", entries: entries(600) },
        "proj-a.analytics._AllLogs": { layout: "log-analytics", entries: entries(600) },
      },
    });
  });
  after(() => fake.close());

  test("dry-runs the grouping query, then runs it with the byte cap; groups are exact", async () => {
    const source = openBigQuery(read("proj-a.logs.run_googleapis_com_stderr"), config.warehouse, ctx());
    const before = fake.queries.length;
    const items = await drain(source);
    const sent = fake.queries.slice(before);
    assert.deepEqual(sent.map((q) => q.dryRun), [true, false]);
    assert.equal(sent[0]?.sql, sent[1]?.sql, "the dry run checks the very query that runs");
    assert.equal(sent[1]?.maximumBytesBilled, String(config.warehouse.maximumBytesBilled));
    const end = items.at(-1);
    assert.equal(end?.kind, "end");
    if (end?.kind !== "end") return;
    assert.equal(end.result.completeness.kind, "complete");
    assert.ok((end.result.bytesProcessed ?? 0) > 0);
    assert.match(end.result.jobId ?? "", /^job_/);
    assert.equal(end.entriesInWindow, 600);
    const groups = items.flatMap((item) => (item.kind === "group" ? [item.group] : []));
    // INFO entries (i % 7 === 0 and not ERROR) are below the minimum: the rest are counted, each once.
    const kept = entries(600).filter((e) => e["severity"] !== "INFO").length;
    assert.equal(groups.reduce((sum, g) => sum + g.count, 0), kept);
    for (const group of groups) {
      assert.equal(group.minutes.reduce((sum, [, n]) => sum + n, 0), group.count, "per-minute counts add up to the count");
      assert.ok(group.samples.length >= 1 && group.samples.length <= config.warehouse.samplesPerGroup);
    }
  });

  test("sends BigQuery SQL: raw-string masks, a pruning predicate on the timestamp column, APPROX_COUNT_DISTINCT, ARRAY_AGG … LIMIT", async () => {
    const sql = fake.queries.find((q) => !q.dryRun)?.sql ?? "";
    assert.match(sql, /FROM `proj-a\.logs\.run_googleapis_com_stderr` t\n\s+WHERE t\.`timestamp` >= @since AND t\.`timestamp` <= @until/);
    assert.match(sql, /REGEXP_REPLACE\(.*r'\\d\+', '0'\)/s);
    assert.match(sql, /APPROX_COUNT_DISTINCT\(user_id\)/);
    assert.match(sql, /ARRAY_AGG\(sample IGNORE NULLS ORDER BY ts_ms, insert_id LIMIT 3\)/);
    assert.match(sql, /TO_HEX\(MD5\(/);
    assert.doesNotMatch(sql, /list_slice|epoch_ms|json_extract_string|\$since/, "no DuckDB SQL reaches BigQuery");
  });

  test("a narrower window processes fewer bytes (partition pruning)", async () => {
    const wide = openBigQuery(read("proj-a.logs.run_googleapis_com_stderr"), config.warehouse, ctx());
    const narrow = openBigQuery(read("proj-a.logs.run_googleapis_com_stderr", { since: new Date(T0), until: new Date(T0 + 60_000) }), config.warehouse, ctx());
    const end = async (source: GroupedSource) => (await drain(source)).at(-1) as Extract<GroupedItem, { kind: "end" }>;
    const [a, b] = [await end(wide), await end(narrow)];
    assert.ok((b.result.bytesProcessed ?? 0) < (a.result.bytesProcessed ?? 0) / 5, `${b.result.bytesProcessed} vs ${a.result.bytesProcessed}`);
    assert.equal(b.entriesInWindow, 61);
  });

  test("a dry run over the cap fails the read before any job runs", async () => {
    const capped = { ...config.warehouse, maximumBytesBilled: 1_000 };
    const before = fake.queries.length;
    const items = await drain(openBigQuery(read("proj-a.logs.run_googleapis_com_stderr"), capped, ctx()));
    const end = items.at(-1);
    assert.equal(end?.kind === "end" && end.result.completeness.kind, "query_failed");
    assert.match(end?.kind === "end" && end.result.completeness.kind === "query_failed" ? end.result.completeness.error : "", /would process .* more than warehouse\.maximumBytesBilled/);
    assert.deepEqual(fake.queries.slice(before).map((q) => q.dryRun), [true], "only the dry run was sent");
  });

  test("pages through getQueryResults when the result is larger than a page", async () => {
    const paged = { ...config.warehouse, pageSize: 2 };
    const requestsBefore = fake.requests.length;
    const items = await drain(openBigQuery(read("proj-a.logs.run_googleapis_com_stderr"), paged, ctx()));
    const groups = items.filter((item) => item.kind === "group").length;
    const pages = fake.requests.slice(requestsBefore).filter((r) => r.method === "GET" && /\/queries\//.test(r.path));
    assert.ok(groups > 4);
    assert.ok(pages.length >= Math.floor(groups / 2) - 1, `${pages.length} getQueryResults calls for ${groups} groups`);
    assert.ok(pages.every((r) => r.query["pageToken"] !== undefined));
    assert.equal(items.at(-1)?.kind === "end" && (items.at(-1) as Extract<GroupedItem, { kind: "end" }>).result.completeness.kind, "complete");
  });

  test("a failed job is a query failure with BigQuery's message, not a throw", async () => {
    fake.fail({ kind: "job_error", status: 400, reason: "invalidQuery", message: "Unrecognized name: jsonPayload at [3:5]" });
    const items = await drain(openBigQuery(read("proj-a.logs.run_googleapis_com_stderr"), config.warehouse, ctx()));
    const end = items.at(-1);
    assert.equal(end?.kind, "end");
    if (end?.kind !== "end") return;
    assert.deepEqual(end.result.completeness, { kind: "query_failed", error: "Unrecognized name: jsonPayload at [3:5]" });
    assert.equal(items.length, 1);
  });

  test("a table that is not a log table is refused with its columns named", async () => {
    const items = await drain(openBigQuery(read("proj-a.logs.missing"), config.warehouse, ctx()));
    const end = items.at(-1);
    assert.equal(end?.kind === "end" && end.result.completeness.kind, "query_failed");
  });

  test("the Log Analytics layout is detected from the schema and counts the same groups", async () => {
    const counts = async (table: string) => {
      const items = await drain(openBigQuery(read(table), config.warehouse, ctx()));
      return items.flatMap((item) => (item.kind === "group" ? [[item.group.count, item.group.minutes.length, item.group.revisions.map((r) => `${r.name}:${r.count}`).join()].join("|")] : [])).sort();
    };
    const sink = await counts("proj-a.logs.run_googleapis_com_stderr");
    const analytics = await counts("proj-a.analytics._AllLogs");
    assert.deepEqual(analytics, sink);
    const sql = fake.queries.at(-1)?.sql ?? "";
    assert.match(sql, /JSON_VALUE\(t\.`json_payload`, '\$\.message'\)/);
  });

  test("--service is a query parameter; entries naming no service stay", async () => {
    const items = await drain(openBigQuery(read("proj-a.logs.run_googleapis_com_stderr", { services: ["auth"] }), config.warehouse, ctx()));
    const kept = entries(600).filter((e) => e["severity"] !== "INFO" && (e["resource"] as { labels: { service_name: string } }).labels.service_name === "auth").length;
    assert.equal(items.reduce((sum, item) => sum + (item.kind === "group" ? item.group.count : 0), 0), kept);
    assert.deepEqual(fake.queries.at(-1)?.params, { since: new Date(T0).toISOString(), until: new Date(T0 + 3_600_000).toISOString(), services: ["auth"] });
    assert.match(fake.queries.at(-1)?.sql ?? "", /service IN UNNEST\(@services\)/);
  });
});

describe("translateBigQuerySql (the stand-in's translation)", () => {
  const names = new Map([["p.d.t", "table_1"]]);
  const cases: [string, string][] = [
    ["SELECT ARRAY_AGG(x IGNORE NULLS ORDER BY y LIMIT 3) FROM `p.d.t` t", "SELECT list_slice(array_agg(x ORDER BY y) FILTER (WHERE x IS NOT NULL), 1, 3) FROM table_1 t"],
    ["REGEXP_REPLACE(m, r'\\d+', '0')", "regexp_replace(m, '\\d+', '0', 'g')"],
    ["TO_JSON_STRING(STRUCT(t.`a` AS a, t.`b` AS b))", "bq_json_text(struct_pack(\"a\" := t.\"a\", \"b\" := t.\"b\"))"],
    ["DIV(UNIX_MILLIS(ts), 60000)", "((epoch_ms(ts)) // (60000))"],
    ["service IN UNNEST(@services) AND ts >= @since", "service IN (SELECT UNNEST($services)) AND ts >= $since"],
  ];
  for (const [bigquery, duckdb] of cases) test(`translates ${bigquery.slice(0, 40)}`, () => assert.equal(translateBigQuerySql(bigquery, names), duckdb));
});
