/**
 * A stateful `entries:list` on 127.0.0.1:0 that behaves like the documented Cloud Logging API v2:
 * it checks method, path, `Authorization: Bearer`, and the JSON body field by field (unknown fields and
 * bad values are 400 INVALID_ARGUMENT in Google's `{error:{code,message,status}}` shape), filters its
 * entries with the part of the Logging query language log-gardener and gcloud use, orders them, and
 * pages with opaque tokens that expire. Faults can be queued: 429, 5xx, 401, empty pages that still
 * carry a token, expired tokens, dropped connections. It can also enforce the 60 requests/minute quota
 * on an injected clock. gcloud can be pointed at it (`api_endpoint_overrides/logging`).
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { closeLoopback, listenOnLoopback, readBody } from "./loopback.js";
import { SEVERITIES, isSeverity, severityRank } from "../../src/model/severity.js";

export type FakeLogEntry = Readonly<Record<string, unknown>>;

export type FakeFault =
  | { readonly kind: "status"; readonly status: number; readonly apiStatus?: string; readonly message?: string; readonly retryAfterSeconds?: number }
  /** Answer with no entries and a token that continues where the read was ("did not have time to search all"). */
  | { readonly kind: "empty_page" }
  /** Every token issued so far expires now, as if 24 h had passed; the request itself is then served normally. */
  | { readonly kind: "expire_tokens" }
  /** Close the socket without answering. */
  | { readonly kind: "drop_connection" }
  /** Serve this request normally: lets a script fail the second request, not the first. */
  | { readonly kind: "serve" };

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly authorization?: string;
  readonly userAgent?: string;
  readonly body: unknown;
  readonly status: number;
  readonly entriesServed: number;
  readonly at: number;
}

export interface FakeCloudLoggingOptions {
  readonly entries?: readonly FakeLogEntry[];
  /** Bearer tokens the fake accepts. */
  readonly acceptedTokens?: readonly string[];
  /** Projects whose logs the token may not read: 403 PERMISSION_DENIED. */
  readonly deniedProjects?: readonly string[];
  /** The server may return fewer entries than pageSize; this caps every page (the real API does so when a search takes long). */
  readonly maxEntriesPerPage?: number;
  /** Page tokens live 24 h (Cloud Logging quotas page). */
  readonly pageTokenTtlMs?: number;
  /** When set, more than this many requests per project within 60 s of `clock` get 429 RESOURCE_EXHAUSTED. */
  readonly quotaPerMinute?: number;
  readonly clock?: { now(): number };
}

export interface FakeCloudLogging {
  /** Base URL with a trailing slash, the form gcloud's endpoint override takes. */
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  /** Queue faults; each is used by one request, in order, after the request was validated. */
  fail(...faults: FakeFault[]): void;
  addEntries(entries: readonly FakeLogEntry[]): void;
  /** Entries the fake's filter selects for a request body, in the body's order: what a complete read must return. */
  select(body: { resourceNames: readonly string[]; filter?: string; orderBy?: string }): FakeLogEntry[];
  close(): Promise<void>;
}

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;
const MAX_FILTER_CHARS = 20_000;
const MAX_RESOURCE_NAMES = 100;
const KNOWN_BODY_FIELDS = new Set(["resourceNames", "projectIds", "filter", "orderBy", "pageSize", "pageToken"]);
const KNOWN_QUERY_PARAMS = new Set(["alt", "$alt", "prettyPrint"]);
const RESOURCE_NAME = /^(projects|organizations|billingAccounts|folders)\/[^/]+(\/locations\/[^/]+\/buckets\/[^/]+\/views\/[^/]+)?$/;

interface Cursor {
  readonly queryKey: string;
  readonly matches: readonly FakeLogEntry[];
}

interface PageTokenState {
  readonly cursor: Cursor;
  readonly offset: number;
  readonly issuedAt: number;
  expired: boolean;
}

class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly status: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startFakeCloudLogging(opts: FakeCloudLoggingOptions = {}): Promise<FakeCloudLogging> {
  const entries: FakeLogEntry[] = [...(opts.entries ?? [])];
  const acceptedTokens = new Set(opts.acceptedTokens ?? ["fake-token"]);
  const denied = new Set(opts.deniedProjects ?? []);
  const clock = opts.clock ?? { now: () => Date.now() };
  const ttl = opts.pageTokenTtlMs ?? 24 * 60 * 60 * 1000;
  const faults: FakeFault[] = [];
  const requests: RecordedRequest[] = [];
  const tokens = new Map<string, PageTokenState>();
  const requestTimesByProject = new Map<string, number[]>();

  function select(body: { resourceNames: readonly string[]; filter?: string; orderBy?: string }): FakeLogEntry[] {
    const projects = body.resourceNames.map((name) => name.split("/")[1] ?? "");
    const predicate = body.filter ? parseFilter(body.filter) : () => true;
    const selected = entries.filter((entry) => {
      const logName = typeof entry.logName === "string" ? entry.logName : "";
      return projects.some((project) => logName.startsWith(`projects/${project}/`)) && predicate(entry);
    });
    const direction = body.orderBy === "timestamp desc" ? -1 : 1;
    return selected.sort((a, b) => direction * compareEntries(a, b));
  }

  function checkQuota(projects: readonly string[]): void {
    if (opts.quotaPerMinute === undefined) return;
    const now = clock.now();
    for (const project of projects) {
      const times = (requestTimesByProject.get(project) ?? []).filter((t) => t > now - 60_000);
      if (times.length >= opts.quotaPerMinute) {
        requestTimesByProject.set(project, times);
        throw new ApiError(429, "RESOURCE_EXHAUSTED", `Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service 'logging.googleapis.com' for consumer 'project_number:${project}'.`);
      }
      times.push(now);
      requestTimesByProject.set(project, times);
    }
  }

  function handle(req: IncomingMessage, rawBody: string): { status: number; body: unknown; served: number; parsed: unknown; drop?: boolean; retryAfter?: number } {
    let parsed: unknown = undefined;
    const url = new URL(req.url ?? "/", "http://fake");
    try {
      if (url.pathname !== "/v2/entries:list") throw new ApiError(404, "NOT_FOUND", `The requested URL ${url.pathname} was not found on this server.`);
      if (req.method !== "POST") throw new ApiError(404, "NOT_FOUND", `Method ${req.method ?? "?"} is not supported for ${url.pathname}.`);
      for (const [name, value] of url.searchParams) {
        if (!KNOWN_QUERY_PARAMS.has(name)) throw new ApiError(400, "INVALID_ARGUMENT", `Invalid query parameter "${name}".`);
        if ((name === "alt" || name === "$alt") && !value.startsWith("json")) throw new ApiError(400, "INVALID_ARGUMENT", `Unsupported alt=${value}.`);
      }
      const authorization = req.headers.authorization;
      if (authorization === undefined) {
        throw new ApiError(401, "UNAUTHENTICATED", "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.");
      }
      const bearer = /^Bearer (\S+)$/.exec(authorization);
      if (!bearer || !acceptedTokens.has(bearer[1] as string)) {
        throw new ApiError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.");
      }
      if (!(req.headers["content-type"] ?? "").startsWith("application/json")) {
        throw new ApiError(400, "INVALID_ARGUMENT", "Invalid JSON payload received: the request has no JSON content type.");
      }
      try {
        parsed = JSON.parse(rawBody);
      } catch {
        throw new ApiError(400, "INVALID_ARGUMENT", "Invalid JSON payload received. Unexpected token.");
      }
      const body = validateBody(parsed);
      for (const project of body.resourceNames.map((name) => name.split("/")[1] ?? "")) {
        if (denied.has(project)) {
          throw new ApiError(403, "PERMISSION_DENIED", `Permission 'logging.logEntries.list' denied on resource (or it may not exist): projects/${project}`);
        }
      }
      checkQuota(body.resourceNames.map((name) => name.split("/")[1] ?? ""));
      const queryKey = JSON.stringify([body.resourceNames, body.filter ?? "", body.orderBy]);

      const fault = faults.shift();
      if (fault?.kind === "status") {
        const error = new ApiError(fault.status, fault.apiStatus ?? defaultApiStatus(fault.status), fault.message ?? `Scripted ${fault.status}.`);
        return { ...errorResponse(error), parsed, served: 0, ...(fault.retryAfterSeconds !== undefined ? { retryAfter: fault.retryAfterSeconds } : {}) };
      }
      if (fault?.kind === "drop_connection") return { status: 0, body: undefined, served: 0, parsed, drop: true };
      if (fault?.kind === "expire_tokens") for (const state of tokens.values()) state.expired = true;

      let cursor: Cursor;
      let offset: number;
      if (body.pageToken !== undefined) {
        const state = tokens.get(body.pageToken);
        if (!state) throw new ApiError(400, "INVALID_ARGUMENT", "Invalid page token: the page token is not one this API issued.");
        if (state.expired || clock.now() - state.issuedAt > ttl) {
          throw new ApiError(400, "INVALID_ARGUMENT", "Invalid page token: the page token has expired (page tokens live 24 hours).");
        }
        if (state.cursor.queryKey !== queryKey) {
          throw new ApiError(400, "INVALID_ARGUMENT", "Invalid page token: resourceNames, filter and orderBy must be the same as in the request that returned the token.");
        }
        cursor = state.cursor;
        offset = state.offset;
      } else {
        cursor = { queryKey, matches: select(body) };
        offset = 0;
      }
      const issue = (at: number): string => {
        const token = randomBytes(12).toString("base64url");
        tokens.set(token, { cursor, offset: at, issuedAt: clock.now(), expired: false });
        return token;
      };
      if (fault?.kind === "empty_page") return { status: 200, body: { nextPageToken: issue(offset) }, served: 0, parsed };
      const size = Math.min(body.pageSize === 0 ? DEFAULT_PAGE_SIZE : body.pageSize, opts.maxEntriesPerPage ?? MAX_PAGE_SIZE);
      const page = cursor.matches.slice(offset, offset + size);
      const next = offset + page.length;
      // proto3 JSON omits empty fields: no `entries` key on an empty page, no token on the last one.
      const response = { ...(page.length > 0 ? { entries: page } : {}), ...(next < cursor.matches.length ? { nextPageToken: issue(next) } : {}) };
      return { status: 200, body: response, served: page.length, parsed };
    } catch (error) {
      if (error instanceof ApiError) return { ...errorResponse(error), served: 0, parsed };
      throw error;
    }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void readBody(req).then((text) => {
      const url = new URL(req.url ?? "/", "http://fake");
      const outcome = handle(req, text);
      requests.push({
        method: req.method ?? "",
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        ...(req.headers.authorization !== undefined ? { authorization: req.headers.authorization } : {}),
        ...(req.headers["user-agent"] !== undefined ? { userAgent: req.headers["user-agent"] } : {}),
        body: outcome.parsed,
        status: outcome.status,
        entriesServed: outcome.served,
        at: clock.now(),
      });
      if (outcome.drop) {
        req.socket.destroy();
        return;
      }
      const headers: Record<string, string> = { "content-type": "application/json; charset=UTF-8" };
      if (outcome.retryAfter !== undefined) headers["retry-after"] = String(outcome.retryAfter);
      res.writeHead(outcome.status, headers);
      res.end(JSON.stringify(outcome.body));
    });
  });
  const base = await listenOnLoopback(server);

  return {
    url: `${base}/`,
    requests,
    fail: (...more) => void faults.push(...more),
    addEntries: (more) => void entries.push(...more),
    select,
    close: () => closeLoopback(server),
  };
}

function defaultApiStatus(status: number): string {
  const names: Record<number, string> = { 400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 502: "UNAVAILABLE", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED" };
  return names[status] ?? "UNKNOWN";
}

function errorResponse(error: ApiError): { status: number; body: unknown } {
  return { status: error.code, body: { error: { code: error.code, message: error.message, status: error.status } } };
}

interface ValidBody {
  readonly resourceNames: readonly string[];
  readonly filter?: string;
  readonly orderBy: "timestamp asc" | "timestamp desc";
  readonly pageSize: number;
  readonly pageToken?: string;
}

function invalid(message: string): ApiError {
  return new ApiError(400, "INVALID_ARGUMENT", message);
}

function validateBody(parsed: unknown): ValidBody {
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw invalid("Invalid JSON payload received. Expected an object.");
  const body = parsed as Record<string, unknown>;
  for (const key of Object.keys(body)) {
    if (!KNOWN_BODY_FIELDS.has(key)) throw invalid(`Invalid JSON payload received. Unknown name "${key}": Cannot find field.`);
  }
  const names: string[] = [];
  for (const [field, prefix] of [["resourceNames", ""], ["projectIds", "projects/"]] as const) {
    const value = body[field];
    if (value === undefined) continue;
    if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
      throw invalid(`Invalid value at '${field}': expected a list of strings.`);
    }
    names.push(...(value as string[]).map((item) => `${prefix}${item}`));
  }
  if (names.length === 0) throw invalid("resourceNames: at least one resource name is required.");
  if (names.length > MAX_RESOURCE_NAMES) throw invalid(`resourceNames: at most ${MAX_RESOURCE_NAMES} resource names are allowed.`);
  for (const name of names) if (!RESOURCE_NAME.test(name)) throw invalid(`resourceNames: invalid resource name "${name}".`);
  if (body.filter !== undefined && typeof body.filter !== "string") throw invalid("Invalid value at 'filter': expected a string.");
  if (typeof body.filter === "string" && body.filter.length > MAX_FILTER_CHARS) {
    throw invalid(`filter: the query is ${body.filter.length} characters; at most ${MAX_FILTER_CHARS} are allowed.`);
  }
  const orderBy = body.orderBy ?? "timestamp asc";
  if (orderBy !== "timestamp asc" && orderBy !== "timestamp desc") throw invalid(`orderBy: only "timestamp asc" and "timestamp desc" are supported, got ${JSON.stringify(orderBy)}.`);
  const pageSize = body.pageSize ?? 0;
  if (typeof pageSize !== "number" || !Number.isInteger(pageSize)) throw invalid("Invalid value at 'page_size' (TYPE_INT32).");
  if (pageSize < 0 || pageSize > MAX_PAGE_SIZE) throw invalid(`page_size must be between 0 and ${MAX_PAGE_SIZE}, got ${pageSize}.`);
  if (body.pageToken !== undefined && typeof body.pageToken !== "string") throw invalid("Invalid value at 'page_token': expected a string.");
  if (typeof body.filter === "string") parseFilter(body.filter); // a filter that does not parse is a 400 even on a faulted request
  return {
    resourceNames: names,
    ...(typeof body.filter === "string" ? { filter: body.filter } : {}),
    orderBy,
    pageSize,
    ...(typeof body.pageToken === "string" && body.pageToken !== "" ? { pageToken: body.pageToken } : {}),
  };
}

// ---- ordering and time ----

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

/** Nanoseconds since the epoch: RFC 3339 keeps up to nine fraction digits and JS dates keep three. */
export function timestampNanos(text: string): bigint | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction = "", zone = "Z"] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (zone.toUpperCase() !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  return BigInt(ms) * 1_000_000n + BigInt(fraction.padEnd(9, "0"));
}

function compareEntries(a: FakeLogEntry, b: FakeLogEntry): number {
  const ta = timestampNanos(String(a.timestamp ?? "")) ?? 0n;
  const tb = timestampNanos(String(b.timestamp ?? "")) ?? 0n;
  if (ta !== tb) return ta < tb ? -1 : 1;
  // Ties are ordered by insertId (REST reference for orderBy).
  return String(a.insertId ?? "").localeCompare(String(b.insertId ?? ""));
}

// ---- the query language subset ----

type Predicate = (entry: FakeLogEntry) => boolean;
type Token = { kind: "(" | ")" | "AND" | "OR" | "NOT" | "-" } | { kind: "cmp"; field: string; op: string; value: string; quoted: boolean };

const COMPARISON = /^([A-Za-z_][\w.@/]*)\s*(>=|<=|!=|=~|!~|=|>|<|:)\s*("(?:[^"\\]|\\.)*"|[^\s()]+)/;

function tokenise(filter: string): Token[] {
  const tokens: Token[] = [];
  let rest = filter;
  for (;;) {
    rest = rest.replace(/^\s+/, "");
    if (rest === "") return tokens;
    const char = rest[0] as string;
    if (char === "(" || char === ")") {
      tokens.push({ kind: char });
      rest = rest.slice(1);
      continue;
    }
    const keyword = /^(AND|OR|NOT)(?=[\s(]|$)/.exec(rest);
    if (keyword) {
      tokens.push({ kind: keyword[1] as "AND" | "OR" | "NOT" });
      rest = rest.slice(keyword[0].length);
      continue;
    }
    if (char === "-") {
      tokens.push({ kind: "-" });
      rest = rest.slice(1);
      continue;
    }
    const cmp = COMPARISON.exec(rest);
    if (!cmp) {
      const word = /^\S+/.exec(rest)?.[0] ?? rest;
      throw invalid(`Unparseable filter: the fake understands comparisons (field op value), AND, OR, NOT and parentheses; got ${JSON.stringify(word)} (a global text search, or a lower-case operator?).`);
    }
    const raw = cmp[3] as string;
    const quoted = raw.startsWith('"');
    const value = quoted ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw;
    tokens.push({ kind: "cmp", field: cmp[1] as string, op: cmp[2] as string, value, quoted });
    rest = rest.slice(cmp[0].length);
  }
}

/** NOT binds tightest, then OR, then AND, as the Logging query language documents; juxtaposition is AND. */
export function parseFilter(filter: string): Predicate {
  const tokens = tokenise(filter);
  let at = 0;
  const peek = (): Token | undefined => tokens[at];
  const conjunction = (): Predicate => {
    const parts = [disjunction()];
    for (;;) {
      const next = peek();
      if (next === undefined || next.kind === ")") break;
      if (next.kind === "AND") at += 1;
      parts.push(disjunction());
    }
    return (entry) => parts.every((part) => part(entry));
  };
  const disjunction = (): Predicate => {
    const parts = [unary()];
    while (peek()?.kind === "OR") {
      at += 1;
      parts.push(unary());
    }
    return (entry) => parts.some((part) => part(entry));
  };
  const unary = (): Predicate => {
    const token = tokens[at++];
    if (token === undefined) throw invalid("Unparseable filter: unexpected end of the query.");
    if (token.kind === "NOT" || token.kind === "-") {
      const inner = unary();
      return (entry) => !inner(entry);
    }
    if (token.kind === "(") {
      const inner = conjunction();
      if (tokens[at++]?.kind !== ")") throw invalid("Unparseable filter: missing ')'.");
      return inner;
    }
    if (token.kind === "cmp") return comparison(token.field, token.op, token.value);
    throw invalid(`Unparseable filter: unexpected ${token.kind}.`);
  };
  const predicate = conjunction();
  if (at !== tokens.length) throw invalid("Unparseable filter: unexpected ')'.");
  return predicate;
}

function lookup(entry: FakeLogEntry, field: string): unknown {
  let value: unknown = entry;
  for (const part of field.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function compareOrdered(a: number | bigint, b: number | bigint, op: string): boolean {
  switch (op) {
    case "=":
    case ":":
      return a === b;
    case "!=":
      return a !== b;
    case ">=":
      return a >= b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case "<":
      return a < b;
    default:
      throw invalid(`Unparseable filter: operator ${op} does not apply to ordered values.`);
  }
}

function comparison(field: string, op: string, value: string): Predicate {
  if (field === "severity") {
    const wanted = value.toUpperCase();
    const rank = isSeverity(wanted) ? severityRank(wanted) : Number(value);
    if (!Number.isFinite(rank)) throw invalid(`Unparseable filter: unknown severity ${value}; known: ${SEVERITIES.join(", ")}.`);
    return (entry) => {
      const actual = typeof entry.severity === "string" && isSeverity(entry.severity) ? entry.severity : "DEFAULT";
      return compareOrdered(severityRank(actual), rank, op);
    };
  }
  if (field === "timestamp" || field === "receiveTimestamp") {
    const bound = timestampNanos(value);
    if (bound === undefined) throw invalid(`Unparseable filter: invalid timestamp ${JSON.stringify(value)}.`);
    return (entry) => {
      const actual = timestampNanos(String(lookup(entry, field) ?? ""));
      return actual !== undefined && compareOrdered(actual, bound, op);
    };
  }
  if (op === "=~" || op === "!~") {
    const regex = new RegExp(value);
    return (entry) => {
      const actual = lookup(entry, field);
      return actual !== undefined && regex.test(String(actual)) === (op === "=~");
    };
  }
  return (entry) => {
    const actual = lookup(entry, field);
    if (actual === undefined || actual === null) return false;
    if (op === ":" && value === "*") return true;
    if (typeof actual === "number" && value !== "" && Number.isFinite(Number(value))) return compareOrdered(actual, Number(value), op);
    const text = (typeof actual === "object" ? JSON.stringify(actual) : String(actual)).toLowerCase();
    const wanted = value.toLowerCase();
    if (op === ":") return text.includes(wanted);
    if (op === "=") return text === wanted;
    if (op === "!=") return text !== wanted;
    const order = text < wanted ? -1 : text > wanted ? 1 : 0;
    return compareOrdered(order, 0, op);
  };
}

/** A clock tests move by hand; `sleep` advances it instead of waiting, so a minute of quota costs nothing. */
export function manualClock(start = Date.parse("2026-11-01T00:00:00Z")): {
  now(): number;
  advance(ms: number): void;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  readonly slept: number[];
} {
  let now = start;
  const slept: number[] = [];
  return {
    now: () => now,
    advance: (ms) => void (now += ms),
    sleep: (ms, signal) => {
      signal?.throwIfAborted();
      slept.push(ms);
      now += Math.max(0, ms);
      return Promise.resolve();
    },
    slept,
  };
}

/** A Cloud Run LogEntry as the API returns it, for seeding the fake. */
export function cloudRunEntry(fields: {
  project?: string;
  service?: string;
  severity?: string;
  timestamp: string;
  insertId: string;
  message?: string;
  resourceType?: string;
}): FakeLogEntry {
  const project = fields.project ?? "p";
  const resourceType = fields.resourceType ?? "cloud_run_revision";
  return {
    insertId: fields.insertId,
    logName: `projects/${project}/logs/run.googleapis.com%2Fstderr`,
    receiveTimestamp: fields.timestamp,
    resource: {
      type: resourceType,
      labels:
        resourceType === "cloud_run_revision"
          ? { project_id: project, service_name: fields.service ?? "api", revision_name: `${fields.service ?? "api"}-00001-abc`, location: "us-central1", configuration_name: fields.service ?? "api" }
          : { project_id: project },
    },
    severity: fields.severity ?? "ERROR",
    textPayload: fields.message ?? `failure ${fields.insertId}`,
    timestamp: fields.timestamp,
  };
}

/**
 * Entries around every edge a "service S, WARNING and up, last day" read has: each severity, another
 * service, another project, another resource type, just inside and just outside the day. `now` is when
 * the read happens; `selected` says what a correct read returns.
 */
export function comparisonCorpus(now: number): Array<{ entry: FakeLogEntry; selected: boolean }> {
  const at = (minutesAgo: number): string => new Date(now - minutesAgo * 60_000).toISOString().replace("Z", "456Z");
  const row = (selected: boolean, fields: Parameters<typeof cloudRunEntry>[0]) => ({ selected, entry: cloudRunEntry(fields) });
  const noSeverity = cloudRunEntry({ insertId: "no-severity", timestamp: at(30) });
  delete (noSeverity as Record<string, unknown>).severity;
  return [
    row(true, { insertId: "error-1h", severity: "ERROR", timestamp: at(60) }),
    row(true, { insertId: "alert-1h-same-time", severity: "ALERT", timestamp: at(60) }),
    row(true, { insertId: "warning-2h", severity: "WARNING", timestamp: at(120) }),
    row(true, { insertId: "critical-5m", severity: "CRITICAL", timestamp: at(5) }),
    row(true, { insertId: "emergency-1m", severity: "EMERGENCY", timestamp: at(1) }),
    row(true, { insertId: "error-23h59m", severity: "ERROR", timestamp: at(23 * 60 + 59) }),
    row(false, { insertId: "info-30m", severity: "INFO", timestamp: at(30) }),
    row(false, { insertId: "notice-30m", severity: "NOTICE", timestamp: at(30) }),
    row(false, { insertId: "debug-30m", severity: "DEBUG", timestamp: at(30) }),
    { selected: false, entry: noSeverity },
    row(false, { insertId: "other-service", service: "web", severity: "ERROR", timestamp: at(30) }),
    row(false, { insertId: "other-project", project: "q", severity: "ERROR", timestamp: at(30) }),
    row(false, { insertId: "other-resource", resourceType: "k8s_container", severity: "ERROR", timestamp: at(30) }),
    row(false, { insertId: "error-25h", severity: "ERROR", timestamp: at(25 * 60) }),
  ];
}
