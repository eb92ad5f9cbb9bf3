/**
 * Everything in which BigQuery's SQL and DuckDB's differ, for the constructs the grouping query uses.
 * The query builder (query.ts) writes only through these, so both engines run one query shape.
 */
export interface SqlDialect {
  readonly name: "bigquery" | "duckdb";
  /** A quoted identifier (table path, column). */
  identifier(name: string): string;
  /** Every match replaced (BigQuery replaces all; DuckDB only with the `g` option). */
  replaceAll(text: string, pattern: string, replacement: string): string;
  /** A string literal; BigQuery raw strings keep regex backslashes readable. */
  regexLiteral(pattern: string): string;
  /** A scalar at a JSONPath of a JSON-typed or JSON-text value, as a string. */
  jsonString(json: string, path: string): string;
  /** A value (struct, row) as JSON text. */
  toJsonText(value: string): string;
  /** Epoch milliseconds of a TIMESTAMP. */
  epochMs(timestamp: string): string;
  /** Whole minutes since the epoch of a TIMESTAMP. */
  epochMinute(timestamp: string): string;
  /** A hex digest of a string (what group keys are). */
  hexDigest(text: string): string;
  /** The first `limit` values of `value` (nulls left out) ordered by `keys`, ascending or descending. */
  firstValues(value: string, keys: readonly string[], descending: boolean, limit: number): string;
  /** Up to `limit` distinct non-null values. */
  distinctValues(value: string, limit: number): string;
  /** A named query parameter. */
  parameter(name: string): string;
  /**
   * `name AS (…)` for a CTE read more than once. DuckDB materialises those by default, which would hold
   * every row with its sample JSON (peak RSS grew with the rows in bench/bigquery.bench.ts); BigQuery
   * plans CTEs inline and has no such keyword.
   */
  cte(name: string, body: string): string;
}

export const BIGQUERY: SqlDialect = {
  name: "bigquery",
  identifier: (name) => `\`${name.replace(/`/g, "")}\``,
  replaceAll: (text, pattern, replacement) => `REGEXP_REPLACE(${text}, ${BIGQUERY.regexLiteral(pattern)}, '${replacement}')`,
  regexLiteral: (pattern) => `r'${pattern.replace(/'/g, "\\x27")}'`,
  jsonString: (json, path) => `JSON_VALUE(${json}, '${path}')`,
  toJsonText: (value) => `TO_JSON_STRING(${value})`,
  epochMs: (timestamp) => `UNIX_MILLIS(${timestamp})`,
  epochMinute: (timestamp) => `DIV(UNIX_MILLIS(${timestamp}), 60000)`,
  hexDigest: (text) => `TO_HEX(MD5(${text}))`,
  firstValues: (value, keys, descending, limit) => `ARRAY_AGG(${value} IGNORE NULLS ORDER BY ${keys.map((key) => `${key}${descending ? " DESC" : ""}`).join(", ")} LIMIT ${limit})`,
  distinctValues: (value, limit) => `ARRAY_AGG(DISTINCT ${value} IGNORE NULLS LIMIT ${limit})`,
  parameter: (name) => `@${name}`,
  cte: (name, body) => `${name} AS (\n  ${body}\n)`,
};

export const DUCKDB: SqlDialect = {
  name: "duckdb",
  identifier: (name) => `"${name.replace(/"/g, '""')}"`,
  replaceAll: (text, pattern, replacement) => `regexp_replace(${text}, ${DUCKDB.regexLiteral(pattern)}, '${replacement}', 'g')`,
  regexLiteral: (pattern) => `'${pattern.replace(/'/g, "''")}'`,
  jsonString: (json, path) => `json_extract_string(${json}, '${path}')`,
  toJsonText: (value) => `CAST(to_json(${value}) AS VARCHAR)`,
  epochMs: (timestamp) => `epoch_ms(${timestamp})`,
  epochMinute: (timestamp) => `(epoch_ms(${timestamp}) // 60000)`,
  hexDigest: (text) => `md5(${text})`,
  // min_by/max_by with a count keep the top N as they go; array_agg(… ORDER BY) would hold every value
  // of the group until the end (1.9 GiB at 200k rows in bench/bigquery.bench.ts).
  // Their lists come in no set order, so each value travels with its key and the list is sorted after.
  firstValues: (value, keys, descending, limit) => {
    const key = keys.length === 1 ? keys[0] : `struct_pack(${keys.map((k, i) => `k${i} := ${k}`).join(", ")})`;
    const top = `${descending ? "max_by" : "min_by"}(struct_pack(k := ${key}, v := ${value}), ${key}, ${limit}) FILTER (WHERE ${value} IS NOT NULL)`;
    return `list_transform(${descending ? "list_reverse_sort" : "list_sort"}(${top}), e -> e.v)`;
  },
  distinctValues: (value, limit) => `list_slice(array_agg(DISTINCT ${value}) FILTER (WHERE ${value} IS NOT NULL), 1, ${limit})`,
  parameter: (name) => `$${name}`,
  cte: (name, body) => `${name} AS NOT MATERIALIZED (\n  ${body}\n)`,
};
