/**
 * Where each field the grouping query needs lives, per table layout. Three layouts:
 *  - `sink`: a Log Router sink's tables (columns as the export schema documents: `jsonPayload`,
 *    `textPayload`, `httpRequest` as STRUCTs, `resource.labels.service_name`, camelCase names);
 *  - `log-analytics`: a Log Analytics linked dataset's `_AllLogs` view (snake_case, `json_payload` and
 *    label maps as JSON);
 *  - `json-text`: one JSON object per row in a column `json` (DuckDB over NDJSON, gcloud JSON, Parquet).
 * Nested fields are read through JSON paths, so a jsonPayload key that the table has never seen is a
 * NULL, not a query error.
 */
import type { SqlDialect } from "./dialect.js";

export type TableLayout = "sink" | "log-analytics" | "json-text";

/** SQL expressions over the row alias `t`. */
export interface FieldExpressions {
  /** The raw TIMESTAMP column, compared directly so BigQuery prunes partitions. */
  readonly timestampColumn: string;
  readonly timestamp: string;
  readonly severity: string;
  readonly service: string;
  readonly revision: string;
  readonly instance: string;
  readonly project: string;
  readonly logName: string;
  readonly trace: string;
  readonly insertId: string;
  /** The words the message is grouped by (what the normaliser would call the message, near enough). */
  readonly message: string;
  /** Code location, logger and HTTP method/status: everything the miner's scope is made of. */
  readonly location: string;
  readonly user: string;
  /** The entry as LogEntry-shaped JSON text, for the normaliser. */
  readonly sample: string;
}

/** Top-level columns read into a sample, as LogEntry names them; absent ones are left out. */
const SINK_COLUMNS = ["insertId", "timestamp", "receiveTimestamp", "severity", "logName", "resource", "jsonPayload", "textPayload", "protoPayload", "httpRequest", "labels", "sourceLocation", "trace", "spanId", "operation"] as const;
const ANALYTICS_COLUMNS: Readonly<Record<string, string>> = {
  insert_id: "insertId",
  timestamp: "timestamp",
  receive_timestamp: "receiveTimestamp",
  severity: "severity",
  log_name: "logName",
  resource: "resource",
  json_payload: "jsonPayload",
  text_payload: "textPayload",
  proto_payload: "protoPayload",
  http_request: "httpRequest",
  labels: "labels",
  source_location: "sourceLocation",
  trace: "trace",
  span_id: "spanId",
  operation: "operation",
};

/** The layout a table's top-level column names say it has, or undefined when it is neither. */
export function detectLayout(columns: readonly string[]): Exclude<TableLayout, "json-text"> | undefined {
  const names = new Set(columns);
  if (names.has("timestamp") && (names.has("json_payload") || names.has("text_payload") || names.has("log_name"))) return "log-analytics";
  if (names.has("timestamp") && (names.has("jsonPayload") || names.has("textPayload") || names.has("logName"))) return "sink";
  return undefined;
}

function coalesce(...parts: string[]): string {
  return parts.length === 1 ? (parts[0] as string) : `COALESCE(${parts.join(", ")})`;
}

function joined(parts: readonly string[]): string {
  return `CONCAT(${parts.map((part) => `COALESCE(${part}, '')`).join(", '|', ")})`;
}

/** Field expressions for a layout; `columns` are the table's top-level columns (ignored for json-text). */
export function fieldExpressions(layout: TableLayout, dialect: SqlDialect, columns: readonly string[]): FieldExpressions {
  const has = new Set(columns);
  const column = (name: string): string => `t.${dialect.identifier(name)}`;
  // A column as JSON text (STRUCTs in sink tables; JSON in Log Analytics), or NULL when the table lacks it.
  const json = (name: string): string => {
    if (layout === "json-text") return "t.json";
    if (!has.has(name)) return "NULL";
    return layout === "log-analytics" && (name === "json_payload" || name === "proto_payload") ? column(name) : dialect.toJsonText(column(name));
  };
  const at = (name: string, path: string): string => {
    if (layout === "json-text") return dialect.jsonString("t.json", `$.${LOGENTRY_NAME[name] ?? name}${path}`);
    return has.has(name) ? dialect.jsonString(json(name), `$${path}`) : "NULL";
  };
  const names = layout === "log-analytics"
    ? { payload: "json_payload", text: "text_payload", http: "http_request", source: "source_location", logName: "log_name", insertId: "insert_id", proto: "proto_payload" }
    : { payload: "jsonPayload", text: "textPayload", http: "httpRequest", source: "sourceLocation", logName: "logName", insertId: "insertId", proto: "protoPayload" };
  const httpKey = layout === "log-analytics" ? { method: "request_method", url: "request_url" } : { method: "requestMethod", url: "requestUrl" };
  const scalar = (name: string): string => (layout === "json-text" ? at(name, "") : has.has(name) ? `CAST(${column(name)} AS STRING)` : "NULL");

  const timestampColumn = layout === "json-text" ? "t.ts" : column("timestamp");
  const message = coalesce(
    at(names.payload, ".message"),
    at(names.payload, ".msg"),
    at(names.payload, ".error"),
    scalar(names.text),
    at(names.proto, ".status.message"),
    at(names.proto, ".methodName"),
    at(names.http, `.${httpKey.url}`),
    "''",
  );
  const location = joined([
    at(names.source, ".file"),
    at(names.source, ".function"),
    at(names.source, ".line"),
    at(names.payload, ".labels.module"),
    at(names.payload, ".labels.function"),
    at(names.payload, ".labels.line"),
    at(names.payload, ".context.name"),
    at(names.payload, ".logger"),
    scalar(names.logName),
    at(names.http, `.${httpKey.method}`),
    at(names.http, ".status"),
  ]);
  const sample = layout === "json-text"
    ? "CAST(t.json AS VARCHAR)"
    : layout === "sink"
      ? dialect.toJsonText(`STRUCT(${SINK_COLUMNS.filter((name) => has.has(name)).map((name) => `${column(name)} AS ${name}`).join(", ")})`)
      : dialect.toJsonText(`STRUCT(${Object.entries(ANALYTICS_COLUMNS).filter(([name]) => has.has(name)).map(([name, as]) => `${column(name)} AS ${as}`).join(", ")})`);
  return {
    timestampColumn,
    timestamp: timestampColumn,
    severity: `UPPER(${coalesce(scalar("severity"), "'DEFAULT'")})`,
    service: coalesce(at("resource", ".labels.service_name"), at(names.payload, ".serviceContext.service")),
    revision: at("resource", ".labels.revision_name"),
    instance: at("labels", ".instanceId"),
    project: coalesce(at("resource", ".labels.project_id")),
    logName: scalar(names.logName),
    trace: scalar("trace"),
    insertId: scalar(names.insertId),
    message,
    location,
    user: coalesce(at(names.payload, ".user_id"), at(names.payload, ".userId"), at(names.payload, ".user"), at("labels", ".user_id")),
    sample,
  };
}

/** json-text rows hold LogEntry JSON: the LogEntry names, whatever the layout table calls them. */
const LOGENTRY_NAME: Readonly<Record<string, string>> = { ...ANALYTICS_COLUMNS };
