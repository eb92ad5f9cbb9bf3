/**
 * The grouping query: one statement per table and window that counts in the engine. Entries are
 * grouped by service, severity, project, code location and a coarse mask of the message; each group
 * comes back with exact counts, per-minute counts, first/last seen, revisions, instances, approximate
 * distinct users and a few sample rows. A last row (empty key) carries the span and count of every
 * entry in the window at any severity, which the report's window and totals are made of.
 * Written once against `SqlDialect` (dialect.ts), so BigQuery and DuckDB run the same shape.
 */
import type { CoveredRange } from "../../model/counted.js";
import { SEVERITIES, severityRank, type Severity } from "../../model/severity.js";
import type { SqlDialect } from "./dialect.js";
import type { FieldExpressions } from "./layout.js";

/** What both engines read: the run's filters and the co-occurrence limits of the cluster stage. */
export interface EngineRead {
  readonly services: readonly string[];
  readonly minSeverity: Severity;
  readonly since?: Date;
  readonly until?: Date;
  readonly filter?: string;
  /** cluster.coOccurrenceMs: how near two untraced entries on one instance must be to count as beside each other. */
  readonly coOccurrenceMs: number;
  /** cluster.maxRecentPerInstance: how many entries either way an untraced entry is compared with. */
  readonly maxRecentPerInstance: number;
  /** What earlier complete runs read (the state's coverage): entries in them are counted, but not as new. */
  readonly covered?: readonly CoveredRange[];
}

export interface GroupQueryOptions {
  /** FROM clause: a table reference or a subquery, aliased `t`. */
  readonly from: string;
  readonly fields: FieldExpressions;
  readonly dialect: SqlDialect;
  /** Empty: every service. */
  readonly services: readonly string[];
  readonly minSeverity: Severity;
  readonly since?: Date;
  readonly until?: Date;
  /** A SQL predicate the user owns, over the columns of `entries` (see README "Scale"). */
  readonly filter?: string;
  /**
   * Coarse group keys to split: their entries are grouped by the narrower mask instead (a key of its
   * own). The group query then reads only them; the pairs and entries queries use the split keys.
   */
  readonly split: readonly string[];
  readonly limits: { readonly samplesPerGroup: number; readonly maxInstancesPerGroup: number; readonly maxMessageChars: number };
  /**
   * `from` holds rows `buildStageQuery` made (DuckDB stages the window once, parsed, to Parquet): the
   * `entries` CTE reads their columns as they are, group keys included, and `sample` is the row's
   * number, its JSON in `sample_text`, so the aggregates carry 8 bytes a sample instead of an entry.
   */
  readonly staged?: boolean;
  /** See EngineRead.covered. */
  readonly covered?: readonly CoveredRange[];
}

export interface BuiltQuery {
  readonly sql: string;
  /** Parameter values by name; timestamps as Date, lists as string arrays. */
  readonly params: Readonly<Record<string, Date | readonly string[]>>;
}

/** What the coarse mask replaces, in order (RE2 syntax, which BigQuery and DuckDB both use). */
export const MESSAGE_MASKS: readonly (readonly [pattern: string, replacement: string])[] = [
  ["[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", "<uuid>"],
  ["[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}", "<email>"],
  ["\\b\\d{1,3}(?:\\.\\d{1,3}){3}\\b", "<ip>"],
  ["\"[^\"]*\"|'[^']*'", "<q>"],
  ["\\b(?:0x)?[0-9a-fA-F]{8,}\\b", "<hex>"],
  // A word with a digit in it is an id (`main_1a2b3c4d`, `u4821`): left to the digit rule, each letter
  // pattern was a group of its own, as many groups as entries in bench/bigquery.bench.ts.
  ["\\b\\w*\\d\\w*\\b", "<id>"],
  ["\\d+", "0"],
];

/** The narrower mask a mixed group is split by: quoted values and the letters of ids stay, since they often hold the word that differs. */
export const FINE_MESSAGE_MASKS = MESSAGE_MASKS.filter(([, replacement]) => replacement !== "<q>" && replacement !== "<id>");

/** Severities the query keeps, as a SQL list: at or above the minimum, and DEFAULT, which the normaliser may raise from the text. */
function keptSeverities(minSeverity: Severity): string {
  return SEVERITIES.filter((s) => s === "DEFAULT" || severityRank(s) >= severityRank(minSeverity)).map((s) => `'${s}'`).join(", ");
}

type Params = Record<string, Date | readonly string[]>;

function masked(options: GroupQueryOptions, masks: typeof MESSAGE_MASKS, message = options.fields.message): string {
  let text = `SUBSTR(${message}, 1, ${options.limits.maxMessageChars})`;
  for (const [pattern, replacement] of masks) text = options.dialect.replaceAll(text, pattern, replacement);
  return text;
}

function inList(expression: string, name: string, d: SqlDialect): string {
  return d.name === "bigquery" ? `${expression} IN UNNEST(${d.parameter(name)})` : `list_contains(${d.parameter(name)}, ${expression})`;
}

const KEY_FIELDS = "COALESCE(service, ''), '|', severity, '|', COALESCE(project, ''), '|', location, '|'";

/**
 * The window's entries as `entries` has them: the fields, their masks, with `withFine` the narrower
 * mask, and the entry's JSON as `sampleAs`.
 */
function entriesSelect(options: GroupQueryOptions, params: Params, withFine: boolean, sampleAs: string): string {
  const { fields: f, dialect: d } = options;
  const window: string[] = [];
  // Compared on the raw column, so BigQuery reads only the partitions of the window.
  if (options.since) {
    window.push(`${f.timestampColumn} >= ${d.parameter("since")}`);
    params["since"] = options.since;
  }
  if (options.until) {
    window.push(`${f.timestampColumn} <= ${d.parameter("until")}`);
    params["until"] = options.until;
  }
  const columns = [
    `${f.timestamp} AS ts`,
    `${f.severity} AS severity`,
    `${f.service} AS service`,
    `${f.revision} AS revision`,
    `${f.instance} AS instance`,
    `${f.project} AS project`,
    `${f.logName} AS log_name`,
    `${f.trace} AS trace`,
    `${f.insertId} AS insert_id`,
    `${f.message} AS message`,
    `${f.location} AS location`,
    `${f.user} AS user_id`,
    `${masked(options, MESSAGE_MASKS)} AS mask`,
    ...(withFine ? [`${masked(options, FINE_MESSAGE_MASKS)} AS fine_mask`] : []),
    `${f.sample} AS ${sampleAs}`,
  ];
  return `SELECT ${columns.join(",\n    ")}
  FROM ${options.from}${window.length > 0 ? `\n  WHERE ${window.join(" AND ")}` : ""}`;
}

const coarseKeyOf = (d: SqlDialect): string => d.hexDigest(`CONCAT(${KEY_FIELDS}, mask)`);
const fineKeyOf = (d: SqlDialect, fineMask = "fine_mask"): string => d.hexDigest(`CONCAT(${KEY_FIELDS}, '~', ${fineMask})`);

/**
 * Every entry of the window once, parsed, masked and keyed, for an engine to keep (DuckDB writes it to
 * a temporary Parquet file) and run the other queries over with `staged`: `sample` becomes the row's
 * number and `sample_text` its JSON. `rowNumber` is the engine's row-number expression. The narrower
 * mask is left to the split query, which masks only the split groups' entries with it (staging every
 * entry with both masks took about half its time).
 */
export function buildStageQuery(options: GroupQueryOptions, rowNumber: string): BuiltQuery {
  const d = options.dialect;
  const params: Params = {};
  const sql = `SELECT *, ${rowNumber} AS sample, ${coarseKeyOf(d)} AS stage_coarse_key FROM (
  ${entriesSelect(options, params, false, "sample_text")}
) staged`;
  return { sql, params };
}

/**
 * The CTEs every query starts with: `entries` (the fields, in the window), `in_scope` (service and
 * the user's filter), `kept` (kept severities, with `coarse_key` and `group_key`: the coarse group,
 * or for a split one its narrower group, and `ts_ms`).
 */
function keptCtes(options: GroupQueryOptions, params: Params): string {
  const d = options.dialect;
  const split = options.split.length > 0;
  const scope: string[] = [];
  if (options.services.length > 0) {
    params["services"] = options.services;
    scope.push(`(service IS NULL OR ${inList("service", "services", d)})`);
  }
  if (options.filter !== undefined && options.filter.trim() !== "") scope.push(`(${options.filter})`);
  const coarse = options.staged ? "stage_coarse_key" : coarseKeyOf(d);
  if (split) params["split"] = options.split;
  // Staged, the narrower mask is made here, and (CASE) only for the split groups' entries.
  const fine = options.staged ? fineKeyOf(d, masked(options, FINE_MESSAGE_MASKS, "message")) : fineKeyOf(d);
  const groupKey = split ? `CASE WHEN ${inList(coarse, "split", d)} THEN ${fine} ELSE ${coarse} END` : coarse;
  const severities = keptSeverities(options.minSeverity);
  const entries = options.staged ? `SELECT * FROM ${options.from}` : entriesSelect(options, params, split, "sample");
  return `WITH ${d.cte("entries", entries)}, ${d.cte("in_scope", `SELECT * FROM entries${scope.length > 0 ? ` WHERE ${scope.join(" AND ")}` : ""}`)}, ${d.cte("kept", `SELECT *, ${coarse} AS coarse_key, ${groupKey} AS group_key, ${d.epochMs("ts")} AS ts_ms
  FROM in_scope WHERE severity IN (${severities})`)}`;
}

/**
 * 1 for an entry no earlier complete run read, else 0: inside a covered range, of a service that run
 * read (or without one) and at a severity it kept.
 */
function newEntryTerm(options: GroupQueryOptions, params: Params): string {
  const d = options.dialect;
  const ranges = (options.covered ?? []).map((range, i) => {
    const terms = [`ts_ms BETWEEN ${Math.floor(range.startMs)} AND ${Math.ceil(range.endMs)}`];
    if (range.services.length > 0) {
      params[`covered_services_${i}`] = range.services;
      terms.push(`(service IS NULL OR ${inList("service", `covered_services_${i}`, d)})`);
    }
    terms.push(`severity IN (${keptSeverities(range.minSeverity)})`);
    return `(${terms.join(" AND ")})`;
  });
  return ranges.length === 0 ? "COUNT(*)" : `SUM(CASE WHEN ${ranges.join("\n      OR ")} THEN 0 ELSE 1 END)`;
}

/**
 * The grouping query (see the file comment). Rows: one per group, then (coarse query only) the window
 * row with key ''. With `split`, only the split groups' entries, by their narrower groups.
 */
export function buildGroupQuery(options: GroupQueryOptions): BuiltQuery {
  const d = options.dialect;
  const params: Params = {};
  const ctes = keptCtes(options, params);
  const k = options.limits.samplesPerGroup;
  // A third of the samples from each end of the window, the rest spread by a hash of the entry.
  const ends = Math.max(1, Math.floor(k / 3));
  const text = (expression: string): string => `CAST(${expression} AS STRING)`;
  const split = options.split.length > 0;
  const groups = `SELECT c.group_key, c.n, c.new_n, c.first_ms, c.last_ms, c.users, c.instances, m.minutes, r.revisions, c.samples_first, c.samples_last, c.samples_spread
FROM counted c LEFT JOIN minute_lists m ON m.group_key = c.group_key LEFT JOIN revision_lists r ON r.group_key = c.group_key`;
  const windowRow = `SELECT '' AS group_key, COUNT(*) AS n, NULL AS new_n, MIN(${d.epochMs("ts")}) AS first_ms, MAX(${d.epochMs("ts")}) AS last_ms, 0 AS users,
  NULL AS instances, NULL AS minutes, NULL AS revisions, NULL AS samples_first, NULL AS samples_last, NULL AS samples_spread
FROM in_scope`;
  const sql = `${ctes}, ${d.cte("grouped", `SELECT * FROM kept${split ? ` WHERE ${inList("coarse_key", "split", d)}` : ""}`)}, minutes AS (
  SELECT group_key, ${d.epochMinute("ts")} AS minute, COUNT(*) AS n FROM grouped GROUP BY group_key, minute
), minute_lists AS (
  SELECT group_key, ARRAY_AGG(CONCAT(${text("minute")}, ':', ${text("n")}) ORDER BY minute) AS minutes FROM minutes GROUP BY group_key
), revisions AS (
  SELECT group_key, revision, COUNT(*) AS n, MIN(ts_ms) AS first_ms FROM grouped WHERE revision IS NOT NULL GROUP BY group_key, revision
), revision_lists AS (
  SELECT group_key, ARRAY_AGG(CONCAT(${text("n")}, ':', ${text("first_ms")}, ':', revision) ORDER BY revision) AS revisions FROM revisions GROUP BY group_key
), counted AS (
  SELECT group_key,
    COUNT(*) AS n,
    ${newEntryTerm(options, params)} AS new_n,
    MIN(ts_ms) AS first_ms,
    MAX(ts_ms) AS last_ms,
    APPROX_COUNT_DISTINCT(user_id) AS users,
    ${d.distinctValues("instance", options.limits.maxInstancesPerGroup)} AS instances,
    ${d.firstValues("sample", ["ts_ms", "insert_id"], false, ends)} AS samples_first,
    ${d.firstValues("sample", ["ts_ms", "insert_id"], true, ends)} AS samples_last,
    ${d.firstValues("sample", [d.hexDigest("CONCAT(COALESCE(insert_id, ''), message)")], false, Math.max(1, k - 2 * ends))} AS samples_spread
  FROM grouped GROUP BY group_key
)
${split ? groups : `${groups}\nUNION ALL\n${windowRow}`}
ORDER BY last_ms DESC, group_key`;
  return { sql, params };
}

/**
 * Which groups' entries occur beside which, as the cluster stage's co-occurrence rule counts them
 * (src/cluster/templates-merge.ts): for each ordered pair (A, B), the entries of A that share a trace
 * with an entry of B, or, without a trace, have one of B on the same instance within `withinMs` among
 * the `maxRecent` entries of that instance before or after it (cluster.maxRecentPerInstance).
 */
export function buildPairsQuery(options: GroupQueryOptions, withinMs: number, maxRecent: number): BuiltQuery {
  const params: Params = {};
  const sql = `${keptCtes(options, params)}, in_traces AS (
  SELECT trace, group_key, COUNT(*) AS n FROM kept WHERE trace IS NOT NULL GROUP BY trace, group_key
), traced AS (
  SELECT a.group_key AS from_key, b.group_key AS to_key, SUM(a.n) AS n
  FROM in_traces a JOIN in_traces b ON a.trace = b.trace AND a.group_key <> b.group_key
  GROUP BY from_key, to_key
), untraced AS (
  SELECT group_key, ts_ms, instance, COALESCE(service, '') AS service,
    ROW_NUMBER() OVER (PARTITION BY instance, COALESCE(service, '') ORDER BY ts_ms, insert_id) AS position
  FROM kept WHERE trace IS NULL AND instance IS NOT NULL
), nearby AS (
  -- As the streaming path, an entry looks at most maxRecent entries of its instance either way.
  SELECT a.group_key AS from_key, b.group_key AS to_key, COUNT(DISTINCT CONCAT(a.instance, '@', CAST(a.position AS STRING))) AS n
  FROM untraced a JOIN untraced b
    ON a.instance = b.instance AND a.service = b.service AND a.group_key <> b.group_key
    AND b.position BETWEEN a.position - ${maxRecent} AND a.position + ${maxRecent}
    AND b.ts_ms BETWEEN a.ts_ms - ${withinMs} AND a.ts_ms + ${withinMs}
  GROUP BY from_key, to_key
)
SELECT from_key, to_key, n FROM traced
UNION ALL
SELECT from_key, to_key, n FROM nearby
ORDER BY from_key, to_key`;
  return { sql, params };
}

/** The last resort for groups still mixed after the split: every entry of them (by group_key), newest first, as sample JSON. */
export function buildEntriesQuery(options: GroupQueryOptions, groupKeys: readonly string[]): BuiltQuery {
  const d = options.dialect;
  const params: Params = { group_keys: groupKeys };
  const sql = `${keptCtes(options, params)}
SELECT ${options.staged ? "sample_text" : "sample"} AS sample FROM kept WHERE ${inList("group_key", "group_keys", d)}
ORDER BY ts_ms DESC, insert_id DESC`;
  return { sql, params };
}
