import type { HttpRequestInfo } from "../model/entry.js";

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const NUMBER = /^\d+$/;
const HEX = /^(?=.*\d)[0-9a-f]{8,}$/i;
/** Long tokens with letters and digits mixed (base64, ULIDs, random slugs); plain words stay. */
const TOKEN = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_~.=-]{16,}$/;
const MASKED = /^<[a-z0-9-]+:[0-9a-f]{4,16}>$/;
const DIGIT_RUN = /\d{4,}/g;

/** One path segment with ids masked: whole-id segments become `<id>`, long digit runs inside words too (`order-<id>`). */
function maskSegment(segment: string): string {
  if (segment === "") return segment;
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // a stray % stays as written
  }
  if (NUMBER.test(decoded) || UUID.test(decoded) || HEX.test(decoded) || TOKEN.test(decoded) || MASKED.test(decoded) || decoded.includes("@")) return "<id>";
  return segment.replace(DIGIT_RUN, "<id>");
}

/**
 * The route an HTTP cluster groups by: the URL's path with ids masked (numbers, UUIDs, hex, long
 * tokens → `<id>`), query and fragment dropped. Absolute and path-only URLs both work.
 */
export function routeOf(url: string): string {
  let path = url;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  if (scheme) path = url.slice(scheme[0].length);
  path = path.split(/[?#]/, 1)[0] ?? "";
  if (!path.startsWith("/")) path = `/${path}`;
  return path.split("/").map(maskSegment).join("/");
}

/** `"0.014068527s"` (a protobuf Duration) → 14.068527; also `{ seconds, nanos }`. */
export function latencyMs(value: unknown): number | undefined {
  if (typeof value === "string") {
    const match = /^(-?\d+(?:\.\d+)?)s$/.exec(value.trim());
    // rounded to nanoseconds: the Duration's own precision, without float noise (0.014068527s → 14.068527)
    return match ? Math.round(Number(match[1]) * 1e9) / 1e6 : undefined;
  }
  if (typeof value === "object" && value !== null) {
    const { seconds, nanos } = value as { seconds?: unknown; nanos?: unknown };
    const total = Number(seconds ?? 0) * 1000 + Number(nanos ?? 0) / 1e6;
    return Number.isFinite(total) ? total : undefined;
  }
  return undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function integer(value: unknown): number | undefined {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

/** LogEntry.httpRequest → HttpRequestInfo; undefined when it names neither a method, URL nor status. */
export function readHttpRequest(raw: Readonly<Record<string, unknown>>): HttpRequestInfo | undefined {
  const method = text(raw.requestMethod)?.toUpperCase();
  const url = text(raw.requestUrl);
  const status = integer(raw.status);
  if (method === undefined && url === undefined && status === undefined) return undefined;
  const latency = latencyMs(raw.latency);
  const fields: Record<string, string | number | undefined> = {
    method,
    url,
    route: url === undefined ? undefined : routeOf(url),
    status,
    latencyMs: latency,
    userAgent: text(raw.userAgent),
    remoteIp: text(raw.remoteIp),
    referer: text(raw.referer),
    protocol: text(raw.protocol),
    requestSize: integer(raw.requestSize),
    responseSize: integer(raw.responseSize),
  };
  const info: Record<string, string | number> = {};
  for (const key in fields) {
    const value = fields[key];
    if (value !== undefined) info[key] = value;
  }
  return info as HttpRequestInfo;
}

/** `POST /ws/beacon/<id> 405`: the message of a request log, what HTTP clusters are named by. */
export function requestLine(http: HttpRequestInfo): string {
  return [http.method ?? "-", http.route ?? "-", http.status === undefined ? "-" : String(http.status)].join(" ");
}
