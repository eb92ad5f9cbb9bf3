import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BIGQUERY, DUCKDB } from "./dialect.js";
import { detectLayout, fieldExpressions } from "./layout.js";
import { buildGroupQuery, buildPairsQuery, MESSAGE_MASKS, type GroupQueryOptions } from "./query.js";

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
});
