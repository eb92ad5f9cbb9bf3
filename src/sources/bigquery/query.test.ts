import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BIGQUERY, DUCKDB } from "./dialect.js";
import { detectLayout, fieldExpressions } from "./layout.js";
import { buildEntriesQuery, buildGroupQuery, buildPairsQuery, buildStageQuery, MESSAGE_MASKS, type GroupQueryOptions } from "./query.js";

const base = (dialect: typeof BIGQUERY, split: readonly string[] = []): GroupQueryOptions => ({
  from: dialect === BIGQUERY ? "`p.d.t` t" : "t",
  fields: dialect === BIGQUERY ? fieldExpressions("sink", BIGQUERY, ["timestamp", "severity", "jsonPayload", "resource", "labels", "insertId"]) : fieldExpressions("json-text", DUCKDB, []),
  dialect,
  services: [],
  minSeverity: "ERROR",
  since: new Date("2026-11-01T00:00:00Z"),
  split,
  limits: { samplesPerGroup: 9, maxInstancesPerGroup: 100, maxMessageChars: 2000 },
});

describe("layout detection", () => {
  const cases: [string, string[], string | undefined][] = [
    ["a sink table", ["timestamp", "severity", "logName", "jsonPayload", "resource"], "sink"],
    ["a Log Analytics view", ["timestamp", "severity", "log_name", "json_payload", "resource"], "log-analytics"],
    ["some other table", ["id", "name"], undefined],
  ];
  for (const [name, columns, expected] of cases) test(name, () => assert.equal(detectLayout(columns), expected));
});

describe("the grouping query", () => {
  test("keeps DEFAULT entries whatever the minimum (the normaliser may raise them from the text)", () => {
    assert.match(buildGroupQuery(base(BIGQUERY)).sql, /severity IN \('DEFAULT', 'ERROR', 'CRITICAL', 'ALERT', 'EMERGENCY'\)/);
  });

  test("reads a column the table lacks as NULL, not as a query error", () => {
    const fields = fieldExpressions("sink", BIGQUERY, ["timestamp", "jsonPayload"]);
    assert.equal(fields.revision, "NULL");
    assert.match(fields.message, /JSON_VALUE\(TO_JSON_STRING\(t\.`jsonPayload`\), '\$\.message'\)/);
  });

  test("masks in both dialects in the same order", () => {
    const bigquery = buildGroupQuery(base(BIGQUERY)).sql;
    const duckdb = buildGroupQuery(base(DUCKDB)).sql;
    for (const [, replacement] of MESSAGE_MASKS) {
      assert.ok(bigquery.includes(`'${replacement}')`), replacement);
      assert.ok(duckdb.includes(`'${replacement}', 'g')`), replacement);
    }
  });

  test("a split reads only the split groups, keyed by the narrower mask, and has no window row", () => {
    const { sql, params } = buildGroupQuery(base(BIGQUERY, ["abc"]));
    assert.deepEqual(params["split"], ["abc"]);
    assert.match(sql, /WHERE coarse_key IN UNNEST\(@split\)/);
    assert.match(sql, /fine_mask/);
    assert.doesNotMatch(sql, /UNION ALL/);
  });

  test("DuckDB keeps top samples with min_by/max_by and does not materialise the row CTEs", () => {
    const { sql } = buildGroupQuery(base(DUCKDB));
    assert.ok(sql.includes("list_sort(min_by(struct_pack(k := struct_pack(k0 := ts_ms, k1 := insert_id), v := sample)"), "earliest samples");
    assert.ok(sql.includes("list_reverse_sort(max_by(struct_pack(k := struct_pack(k0 := ts_ms, k1 := insert_id), v := sample)"), "latest samples");
    assert.match(sql, /kept AS NOT MATERIALIZED/);
  });

  test("the pairs query bounds the untraced self-join as the streaming path does", () => {
    const { sql } = buildPairsQuery(base(BIGQUERY), 1_000, 64);
    assert.match(sql, /b\.position BETWEEN a\.position - 64 AND a\.position \+ 64/);
    assert.match(sql, /b\.ts_ms BETWEEN a\.ts_ms - 1000 AND a\.ts_ms \+ 1000/);
  });

  test("an entry in a range an earlier run read is counted but not new", () => {
    const covered = [{ startMs: 1_000, endMs: 2_000, services: ["api"], minSeverity: "ERROR" as const }];
    const { sql, params } = buildGroupQuery({ ...base(BIGQUERY), covered });
    assert.match(sql, /SUM\(CASE WHEN \(ts_ms BETWEEN 1000 AND 2000 AND \(service IS NULL OR service IN UNNEST\(@covered_services_0\)\) AND severity IN \('DEFAULT', 'ERROR', 'CRITICAL', 'ALERT', 'EMERGENCY'\)\) THEN 0 ELSE 1 END\) AS new_n/);
    assert.deepEqual(params["covered_services_0"], ["api"]);
    assert.match(buildGroupQuery(base(BIGQUERY)).sql, /COUNT\(\*\) AS new_n/);
  });

  test("over a staged window the queries read the staged columns: no parsing, masking or hashing again", () => {
    const stage = buildStageQuery(base(DUCKDB), "row_number() OVER ()");
    assert.match(stage.sql, /row_number\(\) OVER \(\) AS sample, md5\(.*\) AS stage_coarse_key FROM/);
    assert.match(stage.sql, /AS sample_text/);
    assert.doesNotMatch(stage.sql, /fine_mask/);
    assert.ok(stage.params["since"] instanceof Date, "the window is applied when staging");
    const staged = { ...base(DUCKDB, ["abc"]), from: "read_parquet('w.parquet') t", staged: true };
    for (const { sql } of [buildGroupQuery(staged), buildPairsQuery(staged, 1_000, 64)]) {
      assert.match(sql, /entries AS NOT MATERIALIZED \(\n  SELECT \* FROM read_parquet\('w\.parquet'\) t\n\)/);
      assert.doesNotMatch(sql, /json_extract/);
      // the narrower mask, of the split groups' entries only
      assert.match(sql, /CASE WHEN list_contains\(\$split, stage_coarse_key\) THEN md5\(CONCAT\(.*regexp_replace\(.*SUBSTR\(message, 1, 2000\).* ELSE stage_coarse_key END AS group_key/s);
    }
    assert.doesNotMatch(buildGroupQuery({ ...staged, split: [] }).sql, /regexp_replace|json_extract/);
    assert.match(buildEntriesQuery(staged, ["k"]).sql, /SELECT sample_text AS sample FROM kept/);
  });
});
