import { UsageError } from "../../model/errors.js";
import type { Severity } from "../../model/severity.js";

/** The API rejects longer filters (Cloud Logging quotas page: "Query length 20,000 characters"). */
export const MAX_FILTER_CHARS = 20_000;

/** Which resource label names "the service" for each resource type we can select by service. */
export const SERVICE_LABEL_BY_RESOURCE_TYPE: Readonly<Record<string, string>> = {
  cloud_run_revision: "service_name",
  cloud_run_job: "job_name",
  cloud_function: "function_name",
  gae_app: "module_id",
  k8s_container: "container_name",
};

export interface FilterSpec {
  readonly resourceType: string;
  readonly services: readonly string[];
  readonly minSeverity: Severity;
  /** Inclusive lower bound. A string is an RFC 3339 UTC timestamp kept as written (sub-millisecond digits survive). */
  readonly since: Date | string;
  /** Exclusive upper bound, so back-to-back windows never count an entry twice. */
  readonly until: Date | string;
  /** A user's extra Logging-query expression, ANDed in parentheses. */
  readonly extra?: string;
}

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** `2026-11-01T00:00:00Z`, keeping milliseconds only when there are some. */
export function formatTimestamp(time: Date | string): string {
  if (typeof time === "string") {
    if (!RFC3339_UTC.test(time)) throw new UsageError(`not an RFC 3339 UTC timestamp: ${JSON.stringify(time)}`);
    return time;
  }
  if (Number.isNaN(time.getTime())) throw new UsageError("invalid time in the query window");
  return time.toISOString().replace(".000Z", "Z");
}

/** A Logging-query string literal. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/**
 * The Cloud Logging query for one read: resource type, services, severity, and always both timestamp
 * bounds in UTC (an unbounded query scans the whole retention and is slow). Indexed fields come first,
 * as Google recommends. Pure; throws `UsageError` for what the user must change.
 */
export function buildFilter(spec: FilterSpec): string {
  if (!/^[a-z][a-z0-9_]*$/.test(spec.resourceType)) {
    throw new UsageError(`invalid resource type ${JSON.stringify(spec.resourceType)} (e.g. cloud_run_revision)`);
  }
  const since = formatTimestamp(spec.since);
  const until = formatTimestamp(spec.until);
  if (timeOrder(since) >= timeOrder(until)) {
    throw new UsageError(`the window is empty: since ${since} is not before until ${until}`);
  }
  const clauses = [`resource.type=${quote(spec.resourceType)}`];
  const services = [...new Set(spec.services)];
  if (services.length > 0) {
    const label = SERVICE_LABEL_BY_RESOURCE_TYPE[spec.resourceType];
    if (label === undefined) {
      const known = Object.keys(SERVICE_LABEL_BY_RESOURCE_TYPE).join(", ");
      throw new UsageError(
        `--service is not supported for resource type ${spec.resourceType} (supported: ${known}); select it with --filter 'resource.labels.NAME="…"' instead`,
      );
    }
    const matches = services.map((service) => `resource.labels.${label}=${quote(service)}`);
    clauses.push(matches.length === 1 ? (matches[0] as string) : `(${matches.join(" OR ")})`);
  }
  if (spec.minSeverity !== "DEFAULT") clauses.push(`severity>=${spec.minSeverity}`);
  clauses.push(`timestamp>=${quote(since)}`, `timestamp<${quote(until)}`);
  const extra = spec.extra?.trim();
  if (extra) {
    checkExtraFilter(extra);
    clauses.push(`(${extra})`);
  }
  const filter = clauses.join(" AND ");
  if (filter.length > MAX_FILTER_CHARS) {
    throw new UsageError(`the Cloud Logging query is ${filter.length} characters; the API allows ${MAX_FILTER_CHARS} (use fewer --service or a shorter --filter)`);
  }
  return filter;
}

/** RFC 3339 UTC strings compare as (whole seconds, fraction padded to 9 digits). */
function timeOrder(timestamp: string): string {
  const [whole = "", fraction = ""] = timestamp.slice(0, -1).split(".");
  return `${whole}.${fraction.padEnd(9, "0")}`;
}

/**
 * Catches the mistakes the API would accept silently: lower-case `and`/`or`/`not` are searched for as
 * words, not applied as operators, so the query quietly selects something else.
 */
function checkExtraFilter(extra: string): void {
  let depth = 0;
  let inString = false;
  let word = "";
  const endWord = (): void => {
    if (/^(and|or|not)$/.test(word)) {
      throw new UsageError(`--filter uses lower-case "${word}", which Cloud Logging searches for as a word; write ${word.toUpperCase()}`);
    }
    word = "";
  };
  for (let i = 0; i < extra.length; i += 1) {
    const char = extra[i] as string;
    if (inString) {
      if (char === "\\") i += 1;
      else if (char === '"') inString = false;
      continue;
    }
    // Field paths (`jsonPayload.and`) are one word, so only a bare operator-like word is flagged.
    if (/[\w.@/-]/.test(char)) {
      word += char;
      continue;
    }
    endWord();
    if (char === '"') inString = true;
    else if (char === "(") depth += 1;
    else if (char === ")") {
      depth -= 1;
      if (depth < 0) throw new UsageError("--filter has a ')' without a matching '('");
    }
  }
  endWord();
  if (inString) throw new UsageError("--filter has an unterminated string");
  if (depth !== 0) throw new UsageError("--filter has a '(' without a matching ')'");
}
