/**
 * `--duckdb FILE…`: the grouping query run by DuckDB over local exports (NDJSON, a gcloud JSON array,
 * Parquet; `.gz` read by DuckDB), so a multi-GB export is aggregated by DuckDB's parallel reader and
 * only the groups and their samples reach this process.
 *
 * Bounded memory whatever the rows (bench/bigquery.bench.ts): DuckDB runs under
 * `warehouse.duckdbMemoryLimit` (default 1GB) and spills past it to a temporary directory of its own;
 * the window's entries are parsed once (every JSON path in one `json_extract_string`), masked, keyed
 * and staged to a temporary Parquet file that every later query (groups, split, pairs, entries) reads;
 * the aggregates keep row numbers for their samples, and only the chosen rows' JSON is read back,
 * a row per sample in group order, so this process holds one group at a time.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance, LIST, listValue, timestampTZValue, TIMESTAMPTZ, VARCHAR, type DuckDBConnection, type DuckDBType, type DuckDBValue } from "@duckdb/node-api";
import type { WarehouseConfig } from "../../config/sections/warehouse.js";
import type { GroupedItem, GroupedSource, GroupPair } from "../../model/counted.js";
import type { RawEntry } from "../../model/entry.js";
import type { Completeness } from "../../model/source.js";
import { DUCKDB, type SqlDialect } from "../bigquery/dialect.js";
import { fieldExpressions } from "../bigquery/layout.js";
import { buildEntriesQuery, buildGroupQuery, buildPairsQuery, buildStageQuery, type BuiltQuery, type EngineRead, type GroupQueryOptions } from "../bigquery/query.js";
import { groupOf, isWindowRow, parseObject, windowOf, type QueryRow } from "../bigquery/rows.js";

export interface DuckDbRead extends EngineRead {
  readonly files: readonly string[];
}

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Every file as rows of one JSON column `json`. */
function rawRows(files: readonly string[]): string {
  const parquet = files.filter((file) => /\.parquet$/i.test(file));
  const json = files.filter((file) => !/\.parquet$/i.test(file));
  const parts: string[] = [];
  if (json.length > 0) parts.push(`SELECT json FROM read_json_objects([${json.map(sqlString).join(", ")}], format = 'auto')`);
  if (parquet.length > 0) parts.push(`SELECT to_json(p) AS json FROM read_parquet([${parquet.map(sqlString).join(", ")}]) p`);
  return parts.join(" UNION ALL ");
}

/**
 * The json-text fields with each entry parsed once: every JSON path the fields read is gathered into
 * one `json_extract_string(json, [paths])` (one parse for all 31 of them; a call per path parsed each
 * entry 31 times), and a field is an element of that list.
 */
function parsedOnce(files: readonly string[]): { from: string; fields: ReturnType<typeof fieldExpressions> } {
  const paths = ["$.timestamp"];
  const dialect: SqlDialect = {
    ...DUCKDB,
    jsonString: (json, path) => {
      if (json !== "t.json") return DUCKDB.jsonString(json, path);
      const at = paths.includes(path) ? paths.indexOf(path) : paths.push(path) - 1;
      return `t.v[${at + 1}]`;
    },
  };
  const fields = fieldExpressions("json-text", dialect, []);
  const parsed = `SELECT json, json_extract_string(json, [${paths.map(sqlString).join(", ")}]) AS v FROM (${rawRows(files)})`;
  return { from: `(SELECT json, v, TRY_CAST(v[1] AS TIMESTAMPTZ) AS ts FROM (${parsed})) t`, fields };
}

/** Named parameters for DuckDB, with types so an empty list still binds. */
export function duckDbBindings(query: BuiltQuery): { values: Record<string, DuckDBValue>; types: Record<string, DuckDBType> } {
  const values: Record<string, DuckDBValue> = {};
  const types: Record<string, DuckDBType> = {};
  for (const [name, value] of Object.entries(query.params)) {
    if (value instanceof Date) {
      values[name] = timestampTZValue(BigInt(value.getTime()) * 1000n);
      types[name] = TIMESTAMPTZ;
    } else {
      values[name] = listValue([...value]);
      types[name] = LIST(VARCHAR);
    }
  }
  return { values, types };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}

/**
 * Rows per row group of the staged window. Each writing thread buffers a row group of whole entries
 * (their JSON is a column), so DuckDB's default of 122,880 rows failed the staging under a 512MB limit
 * ("failed to allocate 128.0 MiB"); a tenth of it leaves the limit to the queries.
 */
const STAGED_ROW_GROUP = 12_288;

interface Opened {
  readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
  /** DuckDB's spill directory, which also holds the staged window; removed on close. */
  readonly dir: string;
  /** `read_parquet(…)` of the staged window. */
  readonly staged: string;
}

/**
 * The group query with its samples' JSON: a row per group and sample (latest, spread, earliest, as
 * `groupOf` takes them), in the group query's order, so groups arrive whole one after another. The
 * window row comes once, without a sample.
 */
function withSampleTexts(group: BuiltQuery, staged: string): BuiltQuery {
  const all = "list_concat(samples_last, samples_spread, samples_first)";
  const sql = `WITH g AS MATERIALIZED (
  SELECT * FROM (${group.sql}) grouped_rows
), picked AS (
  SELECT p.group_key, p.pos, s.sample_text FROM (
    SELECT group_key, unnest(${all}) AS rn, generate_subscripts(${all}, 1) AS pos FROM g
  ) p JOIN ${staged} s ON s.sample = p.rn
)
SELECT g.* EXCLUDE (samples_first, samples_last, samples_spread), picked.pos, picked.sample_text
FROM g LEFT JOIN picked ON picked.group_key = g.group_key
ORDER BY g.last_ms DESC, g.group_key, picked.pos`;
  return { sql, params: group.params };
}

export function openDuckDb(read: DuckDbRead, config: WarehouseConfig): GroupedSource {
  const name = `duckdb:${read.files.join(",")}`;
  const filters = {
    dialect: DUCKDB,
    services: read.services,
    minSeverity: read.minSeverity,
    ...(read.since ? { since: read.since } : {}),
    ...(read.until ? { until: read.until } : {}),
    ...(read.filter ? { filter: read.filter } : {}),
    ...(read.covered ? { covered: read.covered } : {}),
    limits: config,
  };
  let opened: Promise<Opened> | undefined;
  let closed = false;
  // The staged rows' columns are read as they are; the fields are only there to fill the options.
  const fields = fieldExpressions("json-text", DUCKDB, []);
  const options = (staged: string, split: readonly string[]): GroupQueryOptions => ({
    ...filters,
    from: `${staged} t`,
    fields,
    staged: true,
    split,
  });

  async function open(): Promise<Opened> {
    const dir = mkdtempSync(join(tmpdir(), "log-gardener-duckdb-"));
    try {
      const instance = await DuckDBInstance.create(":memory:", {
        ...(config.duckdbMemoryLimit !== "" ? { memory_limit: config.duckdbMemoryLimit } : {}),
        temp_directory: dir,
        // Nothing here needs file order (every result that is ordered says ORDER BY), and keeping it makes
        // DuckDB buffer rows instead of streaming them.
        preserve_insertion_order: "false",
        ...(config.duckdbThreads > 0 ? { threads: String(config.duckdbThreads) } : {}),
      });
      const connection = await instance.connect();
      const file = join(dir, "window.parquet");
      const { from, fields } = parsedOnce(read.files);
      const stage = buildStageQuery({ ...filters, from, fields, split: [] }, "row_number() OVER ()");
      const { values, types } = duckDbBindings(stage);
      await connection.run(`COPY (${stage.sql}) TO ${sqlString(file)} (FORMAT parquet, ROW_GROUP_SIZE ${STAGED_ROW_GROUP})`, values, types);
      return { instance, connection, dir, staged: `read_parquet(${sqlString(file)})` };
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  async function* rows(query: (staged: string) => BuiltQuery): AsyncGenerator<QueryRow> {
    const { connection, staged } = await (opened ??= open());
    const built = query(staged);
    const { values, types } = duckDbBindings(built);
    const result = await connection.stream(built.sql, values, types);
    for await (const chunk of result.yieldRowObjectJs()) yield* chunk as QueryRow[];
  }

  return {
    name,
    async *groups(split): AsyncGenerator<GroupedItem> {
      let window: ReturnType<typeof windowOf> = { entries: 0 };
      let completeness: Completeness;
      let current: { row: QueryRow; texts: string[] } | undefined;
      const finished = (): GroupedItem | undefined => {
        if (current === undefined) return undefined;
        const group = groupOf({ ...current.row, samples_last: current.texts }, name, parseObject);
        current = undefined;
        return { kind: "group", group };
      };
      try {
        for await (const row of rows((staged) => withSampleTexts(buildGroupQuery(options(staged, split)), staged))) {
          if (isWindowRow(row)) {
            window = windowOf(row);
            continue;
          }
          if (current !== undefined && current.row["group_key"] !== row["group_key"]) {
            const done = finished();
            if (done !== undefined) yield done;
          }
          current ??= { row, texts: [] };
          if (typeof row["sample_text"] === "string") current.texts.push(row["sample_text"]);
        }
        const last = finished();
        if (last !== undefined) yield last;
        completeness = window.entries === 0 && split.length === 0 ? { kind: "no_data" } : { kind: "complete" };
      } catch (error) {
        completeness = { kind: "query_failed", error: firstLine(error) };
      }
      yield {
        kind: "end",
        result: { input: name, format: "duckdb", entriesRead: window.entries, completeness },
        entriesInWindow: window.entries,
        ...(window.observed ? { observed: window.observed } : {}),
      };
    },
    async *pairs(split): AsyncGenerator<GroupPair> {
      for await (const row of rows((staged) => buildPairsQuery(options(staged, split), read.coOccurrenceMs, read.maxRecentPerInstance))) {
        yield { from: String(row["from_key"]), to: String(row["to_key"]), entries: Number(row["n"]) };
      }
    },
    async *entriesOf(split, keys): AsyncGenerator<RawEntry> {
      let position = 0;
      for await (const row of rows((staged) => buildEntriesQuery(options(staged, split), keys))) {
        const json = typeof row["sample"] === "string" ? parseObject(row["sample"]) : undefined;
        if (json !== undefined) yield { kind: "json", input: name, position: (position += 1), json };
      }
    },
    jobs: () => ({ jobIds: [] }),
    async close() {
      if (opened === undefined || closed) return;
      closed = true;
      const done = await opened.catch(() => undefined);
      if (done === undefined) return;
      done.connection.closeSync();
      done.instance.closeSync();
      rmSync(done.dir, { recursive: true, force: true });
    },
  };
}
