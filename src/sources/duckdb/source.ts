/**
 * `--duckdb FILE…`: the grouping query run by DuckDB over local exports (NDJSON, a gcloud JSON array,
 * Parquet; `.gz` read by DuckDB), so a multi-GB export is aggregated by DuckDB's parallel reader and
 * only the groups and their samples reach this process.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance, LIST, listValue, timestampTZValue, TIMESTAMPTZ, VARCHAR, type DuckDBConnection, type DuckDBType, type DuckDBValue } from "@duckdb/node-api";
import type { WarehouseConfig } from "../../config/sections/warehouse.js";
import type { GroupedItem, GroupedSource, GroupPair } from "../../model/counted.js";
import type { RawEntry } from "../../model/entry.js";
import type { Severity } from "../../model/severity.js";
import type { Completeness } from "../../model/source.js";
import { DUCKDB } from "../bigquery/dialect.js";
import { fieldExpressions } from "../bigquery/layout.js";
import { buildEntriesQuery, buildGroupQuery, buildPairsQuery, type BuiltQuery, type EngineRead, type GroupQueryOptions } from "../bigquery/query.js";
import { groupOf, isWindowRow, parseObject, windowOf, type QueryRow } from "../bigquery/rows.js";

export interface DuckDbRead extends EngineRead {
  readonly files: readonly string[];
}

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Every file as rows of one JSON column `json` and its timestamp `ts`. */
export function duckDbFrom(files: readonly string[]): string {
  const parquet = files.filter((file) => /\.parquet$/i.test(file));
  const json = files.filter((file) => !/\.parquet$/i.test(file));
  const parts: string[] = [];
  if (json.length > 0) parts.push(`SELECT json FROM read_json_objects([${json.map(sqlString).join(", ")}], format = 'auto')`);
  if (parquet.length > 0) parts.push(`SELECT to_json(p) AS json FROM read_parquet([${parquet.map(sqlString).join(", ")}]) p`);
  return `(SELECT json, TRY_CAST(json_extract_string(json, '$.timestamp') AS TIMESTAMPTZ) AS ts FROM (${parts.join(" UNION ALL ")})) t`;
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

export function openDuckDb(read: DuckDbRead, config: WarehouseConfig): GroupedSource {
  const name = `duckdb:${read.files.join(",")}`;
  const options = (split: readonly string[]): GroupQueryOptions => ({
    from: duckDbFrom(read.files),
    fields: fieldExpressions("json-text", DUCKDB, []),
    dialect: DUCKDB,
    services: read.services,
    minSeverity: read.minSeverity,
    ...(read.since ? { since: read.since } : {}),
    ...(read.until ? { until: read.until } : {}),
    ...(read.filter ? { filter: read.filter } : {}),
    split,
    limits: config,
  });
  let opened: Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> | undefined;
  const connect = () =>
    (opened ??= DuckDBInstance.create(":memory:", {
      ...(config.duckdbMemoryLimit !== "" ? { memory_limit: config.duckdbMemoryLimit } : {}),
      temp_directory: join(tmpdir(), "log-gardener-duckdb"),
      ...(config.duckdbThreads > 0 ? { threads: String(config.duckdbThreads) } : {}),
    }).then(async (instance) => ({ instance, connection: await instance.connect() })));
  async function* rows(query: BuiltQuery): AsyncGenerator<QueryRow> {
    const { connection } = await connect();
    const { values, types } = duckDbBindings(query);
    const result = await connection.stream(query.sql, values, types);
    for await (const chunk of result.yieldRowObjectJs()) yield* chunk as QueryRow[];
  }

  return {
    name,
    async *groups(split): AsyncGenerator<GroupedItem> {
      let window: ReturnType<typeof windowOf> = { entries: 0 };
      let completeness: Completeness;
      try {
        for await (const row of rows(buildGroupQuery(options(split)))) {
          if (isWindowRow(row)) window = windowOf(row);
          else yield { kind: "group", group: groupOf(row, name, parseObject) };
        }
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
      for await (const row of rows(buildPairsQuery(options(split), read.coOccurrenceMs, read.maxRecentPerInstance))) {
        yield { from: String(row["from_key"]), to: String(row["to_key"]), entries: Number(row["n"]) };
      }
    },
    async *entriesOf(split, keys): AsyncGenerator<RawEntry> {
      let position = 0;
      for await (const row of rows(buildEntriesQuery(options(split), keys))) {
        const json = typeof row["sample"] === "string" ? parseObject(row["sample"]) : undefined;
        if (json !== undefined) yield { kind: "json", input: name, position: (position += 1), json };
      }
    },
    jobs: () => ({ jobIds: [] }),
    async close() {
      if (opened === undefined) return;
      const { instance, connection } = await opened;
      connection.closeSync();
      instance.closeSync();
    },
  };
}
