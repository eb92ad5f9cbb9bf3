/**
 * A BigQuery REST API v2 stand-in on 127.0.0.1:0 for the real `@google-cloud/bigquery` client
 * (`apiEndpoint`): tables.get (schemas), jobs.insert (dry runs), jobs.query and jobs.getQueryResults
 * (results paged with tokens). It runs the SQL it receives on DuckDB over tables built from LogEntry
 * objects in either layout (a log sink's tables, a Log Analytics `_AllLogs` view), after translating
 * the few BigQuery constructs the query builder emits into DuckDB's (`translateBigQuerySql`, here
 * and nowhere else: the builder's BigQuery SQL stays BigQuery SQL). Bytes processed are the JSON
 * size of the rows the timestamp predicate leaves (partition pruning), so caps and dry runs can be
 * checked; `maximumBytesBilled` below them fails the job as BigQuery does. Faults can be queued.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { closeLoopback, listenOnLoopback, readBody } from "./loopback.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance, LIST, listValue, timestampTZValue, TIMESTAMPTZ, VARCHAR, type DuckDBConnection, type DuckDBType, type DuckDBValue } from "@duckdb/node-api";

export type FakeTableLayout = "sink" | "log-analytics";

export interface RecordedBigQueryRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: Record<string, unknown> | undefined;
  readonly authorization?: string;
  readonly status: number;
}

export type FakeBigQueryFault =
  /** The next jobs.query fails with this reason (`invalidQuery`, `backendError`, …) and status. */
  { readonly kind: "job_error"; readonly status: number; readonly reason: string; readonly message: string };

export interface FakeBigQuery {
  /** Base URL for `apiEndpoint`. */
  readonly url: string;
  readonly requests: readonly RecordedBigQueryRequest[];
  /** SQL of every jobs.query and dry run, as received. */
  readonly queries: readonly { readonly sql: string; readonly dryRun: boolean; readonly maximumBytesBilled?: string; readonly params: unknown }[];
  fail(...faults: FakeBigQueryFault[]): void;
  close(): Promise<void>;
}

export interface FakeBigQueryOptions {
  /** `project.dataset.table` → its layout and LogEntry objects. */
  readonly tables: Readonly<Record<string, { readonly layout: FakeTableLayout; readonly entries: readonly Record<string, unknown>[] }>>;
  readonly acceptedTokens?: readonly string[];
}

// ---- SQL translation -----------------------------------------------------------------------------

/** Index of the `)` closing the `(` at `open`, skipping string literals. */
function closing(sql: string, open: number): number {
  let depth = 0;
  for (let i = open; i < sql.length; i += 1) {
    const c = sql[i];
    if (c === "'") {
      i = sql.indexOf("'", i + 1);
      continue;
    }
    if (c === "(") depth += 1;
    else if (c === ")") {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  throw new Error(`unbalanced parentheses at ${open}`);
}

/** Splits at top-level commas. */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === "'") {
      i = text.indexOf("'", i + 1);
      continue;
    }
    if (c === "(") depth += 1;
    else if (c === ")") depth -= 1;
    else if (c === "," && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out;
}

/** Rewrites every call `NAME(args)` (innermost first) with `rewrite(inner)`. */
function rewriteCalls(sql: string, name: string, rewrite: (inner: string) => string): string {
  const pattern = new RegExp(`\\b${name}\\(`, "g");
  for (;;) {
    let last = -1;
    for (const match of sql.matchAll(pattern)) last = match.index;
    if (last < 0) return sql;
    const open = last + name.length;
    const end = closing(sql, open);
    sql = sql.slice(0, last) + rewrite(sql.slice(open + 1, end)) + sql.slice(end + 1);
  }
}

/**
 * BigQuery → DuckDB for the constructs the query builder emits: raw strings, backticks, `@params`,
 * REGEXP_REPLACE (all matches), JSON_VALUE, TO_JSON_STRING, UNIX_MILLIS, DIV, TO_HEX(MD5()), STRUCT(x AS n),
 * ARRAY_AGG(… IGNORE NULLS … LIMIT n), IN UNNEST(@list). Anything else passes through unchanged.
 */
export function translateBigQuerySql(sql: string, tableNames: ReadonlyMap<string, string>): string {
  let out = sql.replace(/r'((?:[^'\\]|\\.)*)'/g, (_m, body: string) => `'${body}'`);
  out = out.replace(/`([^`]+)`/g, (_m, name: string) => tableNames.get(name) ?? `"${name}"`);
  out = out.replace(/IN UNNEST\(@(\w+)\)/g, "IN (SELECT UNNEST($$$1))");
  out = out.replace(/@(\w+)/g, "$$$1");
  out = out.replace(/TO_HEX\(MD5\(/g, "(md5(");
  out = rewriteCalls(out, "REGEXP_REPLACE", (inner) => `regexp_replace(${inner}, 'g')`);
  out = rewriteCalls(out, "JSON_VALUE", (inner) => `json_extract_string(${inner})`);
  out = rewriteCalls(out, "TO_JSON_STRING", (inner) => `bq_json_text(${inner})`);
  out = rewriteCalls(out, "UNIX_MILLIS", (inner) => `epoch_ms(${inner})`);
  out = rewriteCalls(out, "DIV", (inner) => {
    const [a, b] = splitArgs(inner);
    return `((${a}) // (${b}))`;
  });
  out = rewriteCalls(out, "STRUCT", (inner) => `struct_pack(${splitArgs(inner).map((arg) => {
    const match = /^(.*)\s+AS\s+(\w+)$/s.exec(arg);
    if (!match) throw new Error(`STRUCT field without a name: ${arg}`);
    return `"${match[2]}" := ${match[1]}`;
  }).join(", ")})`);
  out = rewriteCalls(out, "ARRAY_AGG", (inner) => {
    const match = /^(DISTINCT\s+)?(.*?)(\s+IGNORE NULLS)?(?:\s+ORDER BY\s+(.*?))?(?:\s+LIMIT\s+(\d+))?$/s.exec(inner);
    if (!match) return `array_agg(${inner})`;
    const [, distinct, value, ignoreNulls, orderBy, limit] = match;
    const aggregate = `array_agg(${distinct ?? ""}${value}${orderBy ? ` ORDER BY ${orderBy}` : ""})${ignoreNulls ? ` FILTER (WHERE ${value} IS NOT NULL)` : ""}`;
    return limit ? `list_slice(${aggregate}, 1, ${limit})` : aggregate;
  });
  return out;
}

// ---- tables ---------------------------------------------------------------------------------------

const SINK_TABLE = (file: string) => `SELECT * REPLACE (CAST("timestamp" AS TIMESTAMPTZ) AS "timestamp")
FROM read_json('${file}', format = 'newline_delimited', sample_size = -1, union_by_name = true)`;

/** `_AllLogs`: snake_case, payloads and label maps as JSON. */
const ANALYTICS_VIEW = (file: string) => `SELECT
  CAST(json->>'$.timestamp' AS TIMESTAMPTZ) AS "timestamp",
  CAST(json->>'$.receiveTimestamp' AS TIMESTAMPTZ) AS receive_timestamp,
  json->>'$.severity' AS severity,
  json->>'$.logName' AS log_name,
  json->>'$.insertId' AS insert_id,
  struct_pack(type := json->>'$.resource.type', labels := json->'$.resource.labels') AS resource,
  json->'$.jsonPayload' AS json_payload,
  json->>'$.textPayload' AS text_payload,
  json->'$.protoPayload' AS proto_payload,
  CASE WHEN (json->'$.httpRequest') IS NULL THEN NULL ELSE struct_pack(
    request_method := json->>'$.httpRequest.requestMethod', request_url := json->>'$.httpRequest.requestUrl',
    status := CAST(json->>'$.httpRequest.status' AS BIGINT), user_agent := json->>'$.httpRequest.userAgent',
    remote_ip := json->>'$.httpRequest.remoteIp', latency := json->>'$.httpRequest.latency') END AS http_request,
  json->'$.labels' AS labels,
  CASE WHEN (json->'$.sourceLocation') IS NULL THEN NULL ELSE struct_pack(
    file := json->>'$.sourceLocation.file', line := CAST(json->>'$.sourceLocation.line' AS BIGINT), "function" := json->>'$.sourceLocation.function') END AS source_location,
  json->>'$.trace' AS trace,
  json->>'$.spanId' AS span_id
FROM read_json_objects('${file}', format = 'newline_delimited')`;

interface StoredResult {
  readonly fields: { name: string; type: string; mode: string }[];
  readonly rows: unknown[][];
  readonly bytes: number;
}

function bigQueryType(type: string): { type: string; mode: string } {
  const list = type.endsWith("[]");
  const base = list ? type.slice(0, -2) : type;
  const name = /INT|HUGEINT/.test(base) ? "INTEGER" : /DOUBLE|FLOAT|DECIMAL/.test(base) ? "FLOAT" : base === "BOOLEAN" ? "BOOLEAN" : /TIMESTAMP/.test(base) ? "TIMESTAMP" : "STRING";
  return { type: name, mode: list ? "REPEATED" : "NULLABLE" };
}

/** A value as the REST API writes it in `rows[].f[].v`. */
function cell(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((item) => ({ v: cell(item) }));
  if (typeof value === "bigint" || typeof value === "number" || typeof value === "boolean") return String(value);
  return String(value);
}

export async function startFakeBigQuery(options: FakeBigQueryOptions): Promise<FakeBigQuery> {
  const dir = mkdtempSync(join(tmpdir(), "fake-bigquery-"));
  const instance = await DuckDBInstance.create(":memory:");
  const db: DuckDBConnection = await instance.connect();
  await db.run("SET TimeZone = 'UTC'");
  // BigQuery writes TIMESTAMPs in JSON as RFC 3339 with a Z; DuckDB writes `2025-01-01 00:00:00+00`.
  await db.run(`CREATE MACRO bq_json_text(x) AS regexp_replace(CAST(to_json(x) AS VARCHAR), '"(\\d{4}-\\d\\d-\\d\\d) (\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?)\\+00"', '"\\1T\\2Z"', 'g')`);
  const tableNames = new Map<string, string>();
  const schemas = new Map<string, { name: string; type: string }[]>();
  const rowBytes = new Map<string, { timeMs: number; bytes: number }[]>();
  let index = 0;
  for (const [path, table] of Object.entries(options.tables)) {
    index += 1;
    const file = join(dir, `table-${index}.ndjson`);
    writeFileSync(file, table.entries.map((entry) => JSON.stringify(entry)).join("\n") + "\n");
    const name = `table_${index}`;
    await db.run(`CREATE TABLE ${name} AS ${table.layout === "sink" ? SINK_TABLE(file) : ANALYTICS_VIEW(file)}`);
    tableNames.set(path, name);
    const described = (await db.runAndReadAll(`DESCRIBE ${name}`)).getRowObjectsJS();
    schemas.set(path, described.map((row) => ({ name: String(row["column_name"]), type: String(row["column_type"]) })));
    rowBytes.set(path, table.entries.map((entry) => ({ timeMs: Date.parse(String(entry["timestamp"])), bytes: JSON.stringify(entry).length })));
  }

  const requests: RecordedBigQueryRequest[] = [];
  const queries: { sql: string; dryRun: boolean; maximumBytesBilled?: string; params: unknown }[] = [];
  const faults: FakeBigQueryFault[] = [];
  const results = new Map<string, StoredResult>();
  const accepted = new Set(options.acceptedTokens ?? ["fake-token"]);

  /** What a query would process: the rows of each table it names that its timestamp predicate keeps. */
  function bytesOf(sql: string, params: Record<string, unknown>): number {
    const since = typeof params["since"] === "string" && /`timestamp` >= @since/.test(sql) ? Date.parse(params["since"]) : -Infinity;
    const until = typeof params["until"] === "string" && /`timestamp` <= @until/.test(sql) ? Date.parse(params["until"]) : Infinity;
    let bytes = 0;
    for (const [path, rows] of rowBytes) if (sql.includes(`\`${path}\``)) for (const row of rows) if (row.timeMs >= since && row.timeMs <= until) bytes += row.bytes;
    return bytes;
  }

  function paramsOf(body: Record<string, unknown>): { values: Record<string, DuckDBValue>; types: Record<string, DuckDBType>; plain: Record<string, unknown> } {
    const values: Record<string, DuckDBValue> = {};
    const types: Record<string, DuckDBType> = {};
    const plain: Record<string, unknown> = {};
    for (const param of (body["queryParameters"] as { name: string; parameterType: { type: string }; parameterValue: { value?: string; arrayValues?: { value: string }[] } }[] | undefined) ?? []) {
      if (param.parameterType.type === "ARRAY") {
        const items = (param.parameterValue.arrayValues ?? []).map((item) => item.value);
        values[param.name] = listValue(items);
        types[param.name] = LIST(VARCHAR);
        plain[param.name] = items;
      } else if (param.parameterType.type === "TIMESTAMP") {
        const text = String(param.parameterValue.value);
        const ms = Date.parse(text.includes("T") || text.endsWith("Z") ? text : `${text.replace(" ", "T")}Z`);
        values[param.name] = timestampTZValue(BigInt(ms) * 1000n);
        types[param.name] = TIMESTAMPTZ;
        plain[param.name] = new Date(ms).toISOString();
      } else {
        values[param.name] = String(param.parameterValue.value);
        plain[param.name] = param.parameterValue.value;
      }
    }
    return { values, types, plain };
  }

  function send(res: ServerResponse, request: RecordedBigQueryRequest, status: number, body: unknown): void {
    requests.push({ ...request, status });
    res.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
    res.end(JSON.stringify(body));
  }

  function apiError(status: number, reason: string, message: string) {
    return { error: { code: status, message, errors: [{ message, domain: "global", reason }], status: status === 400 ? "INVALID_ARGUMENT" : status === 404 ? "NOT_FOUND" : "INTERNAL" } };
  }

  function page(jobId: string, project: string, stored: StoredResult, start: number, maxResults: number) {
    const end = Math.min(stored.rows.length, start + maxResults);
    return {
      kind: "bigquery#getQueryResultsResponse",
      jobReference: { projectId: project, jobId, location: "US" },
      jobComplete: true,
      schema: { fields: stored.fields },
      totalRows: String(stored.rows.length),
      // A REPEATED field is never NULL in the REST shape: an empty array.
      rows: stored.rows.slice(start, end).map((row) => ({ f: row.map((value, i) => ({ v: stored.fields[i]?.mode === "REPEATED" && value === null ? [] : cell(value) })) })),
      totalBytesProcessed: String(stored.bytes),
      ...(end < stored.rows.length ? { pageToken: `${jobId}:${end}` } : {}),
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const text = await readBody(req);
    const body = text === "" ? undefined : (JSON.parse(text) as Record<string, unknown>);
    const recorded: RecordedBigQueryRequest = {
      method: req.method ?? "",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      status: 0,
    };
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (token === undefined || !accepted.has(token)) return send(res, recorded, 401, apiError(401, "unauthorized", "Request had invalid authentication credentials."));

    const tableGet = /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && tableGet) {
      const path = `${tableGet[1]}.${tableGet[2]}.${decodeURIComponent(tableGet[3] ?? "")}`;
      const schema = schemas.get(path);
      if (!schema) return send(res, recorded, 404, apiError(404, "notFound", `Not found: Table ${path}`));
      return send(res, recorded, 200, { kind: "bigquery#table", id: path, schema: { fields: schema.map((field) => ({ name: field.name, ...bigQueryType(field.type) })) } });
    }
    const insert = /^\/bigquery\/v2\/projects\/([^/]+)\/jobs$/.exec(url.pathname);
    if (req.method === "POST" && insert && body) {
      const configuration = body["configuration"] as { dryRun?: boolean; query?: Record<string, unknown> } | undefined;
      const query = configuration?.query ?? {};
      const sql = String(query["query"] ?? "");
      const { plain } = paramsOf(query);
      queries.push({ sql, dryRun: configuration?.dryRun === true, params: plain });
      if (configuration?.dryRun !== true) return send(res, recorded, 400, apiError(400, "invalid", "this stand-in runs queries through jobs.query only"));
      try {
        await db.run(`EXPLAIN ${translateBigQuerySql(sql, tableNames)}`, paramsOf(query).values, paramsOf(query).types);
      } catch (error) {
        return send(res, recorded, 400, apiError(400, "invalidQuery", (error as Error).message.split("\n")[0] ?? ""));
      }
      const bytes = String(bytesOf(sql, plain));
      return send(res, recorded, 200, {
        kind: "bigquery#job",
        jobReference: { projectId: insert[1], location: "US" },
        configuration: { dryRun: true, query },
        status: { state: "DONE" },
        statistics: { totalBytesProcessed: bytes, query: { totalBytesProcessed: bytes, totalBytesBilled: "0", cacheHit: false } },
      });
    }
    const jobsQuery = /^\/bigquery\/v2\/projects\/([^/]+)\/queries$/.exec(url.pathname);
    if (req.method === "POST" && jobsQuery && body) {
      const sql = String(body["query"] ?? "");
      const params = paramsOf(body);
      queries.push({ sql, dryRun: false, ...(body["maximumBytesBilled"] !== undefined ? { maximumBytesBilled: String(body["maximumBytesBilled"]) } : {}), params: params.plain });
      const fault = faults.shift();
      if (fault) return send(res, recorded, fault.status, apiError(fault.status, fault.reason, fault.message));
      const bytes = bytesOf(sql, params.plain);
      const cap = body["maximumBytesBilled"] === undefined ? Infinity : Number(body["maximumBytesBilled"]);
      if (bytes > cap) return send(res, recorded, 400, apiError(400, "bytesBilledLimitExceeded", `Query exceeded limit for bytes billed: ${cap}. ${bytes} or higher required.`));
      let stored: StoredResult;
      try {
        const result = await db.runAndReadAll(translateBigQuerySql(sql, tableNames), params.values, params.types);
        const fields = result.columnNames().map((name, i) => ({ name, ...bigQueryType(result.columnTypes()[i]?.toString() ?? "VARCHAR") }));
        stored = { fields, rows: result.getRowsJS(), bytes };
      } catch (error) {
        return send(res, recorded, 400, apiError(400, "invalidQuery", (error as Error).message.split("\n")[0] ?? ""));
      }
      const jobId = `job_${randomBytes(8).toString("hex")}`;
      results.set(jobId, stored);
      const maxResults = Number(body["maxResults"] ?? 100_000);
      return send(res, recorded, 200, { ...page(jobId, jobsQuery[1] ?? "", stored, 0, maxResults), kind: "bigquery#queryResponse" });
    }
    const getResults = /^\/bigquery\/v2\/projects\/([^/]+)\/queries\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && getResults) {
      const jobId = getResults[2] ?? "";
      const stored = results.get(jobId);
      if (!stored) return send(res, recorded, 404, apiError(404, "notFound", `Not found: Job ${jobId}`));
      const tokenParam = url.searchParams.get("pageToken");
      const start = tokenParam ? Number(tokenParam.split(":")[1]) : 0;
      return send(res, recorded, 200, page(jobId, getResults[1] ?? "", stored, start, Number(url.searchParams.get("maxResults") ?? 100_000)));
    }
    return send(res, recorded, 404, apiError(404, "notFound", `no route for ${req.method} ${url.pathname}`));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: 500, message: String(error), status: "INTERNAL" } }));
    });
  });
  const url = await listenOnLoopback(server);
  return {
    url,
    requests,
    queries,
    fail: (...more) => faults.push(...more),
    close: async () => {
      await closeLoopback(server);
      db.closeSync();
      instance.closeSync();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
