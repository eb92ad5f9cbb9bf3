/**
 * `--bigquery-table PROJECT.DATASET.TABLE`: the grouping query run by BigQuery over a log sink table or
 * a Log Analytics `_AllLogs` view, with the real client (`@google-cloud/bigquery`). Every job is dry-run
 * first: its bytes are checked against `warehouse.maximumBytesBilled` before anything is billed, and the
 * real job carries the same cap, so BigQuery itself refuses to bill more.
 */
import { BigQuery } from "@google-cloud/bigquery";
import { OAuth2Client } from "google-auth-library";
import type { WarehouseConfig } from "../../config/sections/warehouse.js";
import type { GroupedItem, GroupedSource, GroupPair } from "../../model/counted.js";
import type { RawEntry } from "../../model/entry.js";
import { formatBytes } from "../../model/figures.js";
import type { Severity } from "../../model/severity.js";
import type { Completeness, SourceResult } from "../../model/source.js";
import { BIGQUERY } from "./dialect.js";
import { detectLayout, fieldExpressions, type TableLayout } from "./layout.js";
import { buildEntriesQuery, buildGroupQuery, buildPairsQuery, type BuiltQuery, type EngineRead, type GroupQueryOptions } from "./query.js";
import { groupOf, isWindowRow, parseObject, windowOf, type QueryRow } from "./rows.js";

export interface BigQueryRead extends EngineRead {
  /** `PROJECT.DATASET.TABLE`. */
  readonly table: string;
  /** The project that runs the jobs; default the table's. */
  readonly jobProject?: string;
}

export interface BigQueryContext {
  /** A bearer token (`--access-token-file`, BIGQUERY_ACCESS_TOKEN); without it, Application Default Credentials. */
  readonly getAccessToken?: () => Promise<string>;
  readonly endpoint?: string;
  readonly userAgent?: string;
}

/** Read-only data plus the right to run jobs: roles/bigquery.dataViewer and roles/bigquery.jobUser. */
export const BIGQUERY_SCOPE = "https://www.googleapis.com/auth/bigquery";

interface Job {
  readonly rows: AsyncGenerator<QueryRow>;
  /** Known once the rows are read. */
  readonly figures: () => { bytesProcessed?: number; jobId?: string };
}

/** What a query error says, on one line (the client's errors carry the API's message). */
function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}

/** A token as an auth client, so the BigQuery client sends `Authorization: Bearer …` and refreshes nothing. */
function bearerClient(getAccessToken: () => Promise<string>): OAuth2Client {
  const client = new OAuth2Client();
  client.getRequestHeaders = async () => new Headers({ authorization: `Bearer ${await getAccessToken()}` });
  return client;
}

export function openBigQuery(read: BigQueryRead, config: WarehouseConfig, ctx: BigQueryContext): GroupedSource {
  const [project, dataset, table] = read.table.split(".") as [string, string, string];
  const name = `bigquery:${read.table}`;
  const endpoint = ctx.endpoint ?? (config.endpoint === "" ? undefined : config.endpoint);
  const client = new BigQuery({
    projectId: read.jobProject ?? project,
    ...(endpoint !== undefined ? { apiEndpoint: endpoint } : {}),
    ...(config.location !== "" ? { location: config.location } : {}),
    ...(ctx.getAccessToken ? { authClient: bearerClient(ctx.getAccessToken) as never } : { scopes: [BIGQUERY_SCOPE] }),
    ...(ctx.userAgent ? { userAgent: ctx.userAgent } : {}),
  });
  const done: { bytesProcessed?: number; jobIds: string[] } = { jobIds: [] };
  let layout: Promise<{ layout: TableLayout; columns: string[] }> | undefined;
  const tableLayout = () =>
    (layout ??= client
      .dataset(dataset, { projectId: project })
      .table(table)
      .getMetadata()
      .then(([metadata]) => {
        const columns = ((metadata as { schema?: { fields?: { name: string }[] } }).schema?.fields ?? []).map((field) => field.name);
        const detected = detectLayout(columns);
        if (detected === undefined) throw new Error(`${read.table} is neither a log sink table nor a Log Analytics view (columns: ${columns.slice(0, 8).join(", ")}…)`);
        return { layout: detected, columns };
      }));
  const options = async (split: readonly string[]): Promise<GroupQueryOptions> => {
    const { layout: detected, columns } = await tableLayout();
    return {
      from: `${BIGQUERY.identifier(read.table)} t`,
      fields: fieldExpressions(detected, BIGQUERY, columns),
      dialect: BIGQUERY,
      services: read.services,
      minSeverity: read.minSeverity,
      ...(read.since ? { since: read.since } : {}),
      ...(read.until ? { until: read.until } : {}),
      ...(read.filter ? { filter: read.filter } : {}),
      ...(read.covered ? { covered: read.covered } : {}),
      split,
      limits: config,
    };
  };

  const queryOptions = (query: BuiltQuery) => ({
    query: query.sql,
    params: query.params as Record<string, unknown>,
    // An empty list has no element to infer a type from.
    types: Object.fromEntries(Object.entries(query.params).map(([key, value]) => [key, value instanceof Date ? "TIMESTAMP" : ["STRING"]])),
    useLegacySql: false,
    ...(config.location !== "" ? { location: config.location } : {}),
  });

  /** Dry run (bytes, checked against the cap), then the job, its rows paged. */
  async function run(query: BuiltQuery): Promise<Job> {
    const [dry] = await client.createQueryJob({ ...queryOptions(query), dryRun: true });
    const estimate = Number(dry.metadata?.statistics?.totalBytesProcessed ?? 0);
    if (estimate > config.maximumBytesBilled) {
      throw new Error(`the query would process ${formatBytes(estimate)}, more than warehouse.maximumBytesBilled (${formatBytes(config.maximumBytesBilled)}): narrow --since/--until or --service, or raise the cap`);
    }
    const figures: { bytesProcessed?: number; jobId?: string } = {};
    async function* rows(): AsyncGenerator<QueryRow> {
      type Page = [QueryRow[], ({ job?: { getQueryResults: (o: object) => Promise<unknown> } } & Record<string, unknown>) | null, { totalBytesProcessed?: string; jobReference?: { jobId?: string } } | undefined];
      let page = (await client.query({ ...queryOptions(query), maximumBytesBilled: String(config.maximumBytesBilled), maxResults: config.pageSize }, { autoPaginate: false, maxResults: config.pageSize, timeoutMs: config.timeoutMs } as never)) as unknown as Page;
      for (;;) {
        const [batch, next, response] = page;
        if (response?.totalBytesProcessed !== undefined) figures.bytesProcessed = Number(response.totalBytesProcessed);
        if (response?.jobReference?.jobId !== undefined) figures.jobId = response.jobReference.jobId;
        yield* batch;
        if (next === null || next === undefined || next.job === undefined) {
          done.bytesProcessed = (done.bytesProcessed ?? 0) + (figures.bytesProcessed ?? 0);
          if (figures.jobId !== undefined) done.jobIds.push(figures.jobId);
          return;
        }
        page = (await next.job.getQueryResults({ ...next, autoPaginate: false })) as Page;
      }
    }
    return { rows: rows(), figures: () => figures };
  }

  return {
    name,
    async *groups(split): AsyncGenerator<GroupedItem> {
      let window: ReturnType<typeof windowOf> = { entries: 0 };
      let completeness: Completeness;
      let figures: { bytesProcessed?: number; jobId?: string } = {};
      try {
        const job = await run(buildGroupQuery(await options(split)));
        for await (const row of job.rows) {
          if (isWindowRow(row)) window = windowOf(row);
          else yield { kind: "group", group: groupOf(row, name, (text) => fromLayout(parseObject(text))) };
        }
        figures = job.figures();
        completeness = window.entries === 0 && split.length === 0 ? { kind: "no_data" } : { kind: "complete" };
      } catch (error) {
        completeness = { kind: "query_failed", error: firstLine(error) };
      }
      const result: SourceResult = { input: name, format: "bigquery", entriesRead: window.entries, ...figures, completeness };
      yield { kind: "end", result, entriesInWindow: window.entries, ...(window.observed ? { observed: window.observed } : {}) };
    },
    async *pairs(split): AsyncGenerator<GroupPair> {
      const job = await run(buildPairsQuery(await options(split), read.coOccurrenceMs, read.maxRecentPerInstance));
      for await (const row of job.rows) yield { from: String(row["from_key"]), to: String(row["to_key"]), entries: Number(row["n"]) };
    },
    async *entriesOf(split, keys): AsyncGenerator<RawEntry> {
      const job = await run(buildEntriesQuery(await options(split), keys));
      let position = 0;
      for await (const row of job.rows) {
        const json = typeof row["sample"] === "string" ? fromLayout(parseObject(row["sample"])) : undefined;
        if (json !== undefined) yield { kind: "json", input: name, position: (position += 1), json };
      }
    },
    jobs: () => done,
    close: () => Promise.resolve(),
  };
}

const HTTP_REQUEST_NAMES: Readonly<Record<string, string>> = {
  request_method: "requestMethod",
  request_url: "requestUrl",
  request_size: "requestSize",
  response_size: "responseSize",
  user_agent: "userAgent",
  remote_ip: "remoteIp",
  server_ip: "serverIp",
  cache_hit: "cacheHit",
};

/** A JSON value without its NULLs: a STRUCT column writes every field the table's schema has, set or not. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) if (item !== null) out[key] = withoutNulls(item);
  return out;
}

/**
 * A sample as LogEntry JSON. The query names the top-level fields as LogEntry does; NULLs (fields of
 * the table's schema the entry did not set) are left out, and a Log Analytics `httpRequest` has its
 * snake_case keys renamed.
 */
function fromLayout(json: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (json === undefined) return undefined;
  const out = withoutNulls(json) as Record<string, unknown>;
  const http = out["httpRequest"];
  if (typeof http === "object" && http !== null && !Array.isArray(http)) {
    out["httpRequest"] = Object.fromEntries(Object.entries(http as Record<string, unknown>).map(([k, v]) => [HTTP_REQUEST_NAMES[k] ?? k, v]));
  }
  return out;
}
