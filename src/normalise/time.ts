import { UsageError } from "../model/errors.js";

/** A timestamp in UTC: the RFC 3339 string with the fractional digits as given, and epoch milliseconds. */
export interface UtcTime {
  readonly timestamp: string;
  readonly timeMs: number;
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,12}))?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses an RFC 3339 / ISO 8601 date-time into UTC without going through `Date` for the string, so
 * `…12.490103+02:00` becomes `…10:32:12.490103Z` with all six digits. A missing zone is read as UTC.
 * Also accepts a space for `T` and `,` for the decimal point (Python's logging). Returns undefined
 * for anything else, or an impossible date (month 13, 31 February).
 */
export function parseTimestamp(text: string): UtcTime | undefined {
  return parseUtcFast(text) ?? parseTimestampByPattern(text);
}

const DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function twoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48;
}

/**
 * The shape LogEntry timestamps nearly always have, `2025-09-14T00:00:00.004415Z` or `…+00:00`, read
 * without the pattern and its captures (~1 µs a call, 3–4 calls an entry, in a CPU profile of
 * bench/pipeline.bench.ts at 100k); undefined for anything else, which the pattern then reads.
 */
function parseUtcFast(text: string): UtcTime | undefined {
  const length = text.length;
  if (length < 20 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  for (const at of DIGIT_POSITIONS) if (!isDigit(text.charCodeAt(at))) return undefined;
  let end: number;
  if (text.charCodeAt(length - 1) === 90) end = length - 1;
  else if (length >= 25 && text.endsWith("+00:00")) end = length - 6;
  else return undefined;
  let millis = 0;
  if (end > 19) {
    const fractionDigits = end - 20;
    if (text.charCodeAt(19) !== 46 || fractionDigits < 1 || fractionDigits > 12) return undefined;
    for (let at = 20; at < end; at += 1) if (!isDigit(text.charCodeAt(at))) return undefined;
    millis = Number(text.slice(20, Math.min(end, 23)).padEnd(3, "0"));
  } else if (end !== 19) return undefined;
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  // A leap second (60) and impossible dates go the long way, which decides them as it always has.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  const wholeMs = Date.UTC(year, month - 1, day, hour, minute, second);
  if (!Number.isFinite(wholeMs)) return undefined;
  return { timestamp: end === length - 1 ? text : `${text.slice(0, end)}Z`, timeMs: wholeMs + millis };
}

/** The general reader: every form `parseTimestamp` accepts. Exported for the test that holds the fast path to it. */
export function parseTimestampByPattern(text: string): UtcTime | undefined {
  const match = TIMESTAMP.exec(text.trim());
  if (!match) return undefined;
  const [, y = "", mo = "", d = "", h = "", mi = "", s = "00", fraction = "", zone = "Z"] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  // Checked here rather than left to Date.UTC, which would roll 31 February into March.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 60) return undefined;
  const offset = zoneOffsetMinutes(zone);
  const wholeMs = Date.UTC(year, month - 1, day, hour, minute, second) - offset * 60_000;
  if (!Number.isFinite(wholeMs)) return undefined;
  // The common case (already UTC, a real second) needs no Date round trip for the string.
  const whole = offset === 0 && second < 60 ? `${y}-${mo}-${d}T${h}:${mi}:${s}` : new Date(wholeMs).toISOString().slice(0, 19);
  const millis = fraction === "" ? 0 : Number(fraction.slice(0, 3).padEnd(3, "0"));
  return { timestamp: `${whole}${fraction === "" ? "" : `.${fraction}`}Z`, timeMs: wholeMs + millis };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function zoneOffsetMinutes(zone: string): number {
  if (/^(Z|UTC|GMT)$/i.test(zone)) return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || "0"));
}

/** `{ seconds, nanos }` (protobuf JSON of google.protobuf.Timestamp), as some clients write it. */
export function timestampFromParts(seconds: number, nanos: number): UtcTime | undefined {
  if (!Number.isFinite(seconds) || !Number.isFinite(nanos)) return undefined;
  const wholeMs = Math.trunc(seconds) * 1000;
  const date = new Date(wholeMs);
  if (Number.isNaN(date.getTime())) return undefined;
  const fraction = nanos > 0 ? `.${String(Math.trunc(nanos)).padStart(9, "0")}` : "";
  return { timestamp: `${date.toISOString().slice(0, 19)}${fraction}Z`, timeMs: wholeMs + Math.floor(nanos / 1e6) };
}

/** A LogEntry timestamp field in any shape it comes in; undefined when it cannot be read. */
export function readTimestamp(value: unknown): UtcTime | undefined {
  if (typeof value === "string") return parseTimestamp(value);
  if (typeof value === "object" && value !== null && "seconds" in value) {
    const { seconds, nanos } = value as { seconds?: unknown; nanos?: unknown };
    return timestampFromParts(Number(seconds), Number(nanos ?? 0));
  }
  return undefined;
}

const LEADING_TIMESTAMP = /^\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,12})?(?:\s?(?:Z|UTC|[+-]\d{2}:?\d{2}))?)\]?/;

/** A timestamp at the start of a text line (`2025-09-14 18:32:12,545 …`, `[2025-09-14T18:32:12Z] …`) and the rest of the line. */
export function leadingTimestamp(line: string): { readonly time: UtcTime; readonly rest: string } | undefined {
  const match = LEADING_TIMESTAMP.exec(line);
  if (!match?.[1]) return undefined;
  const time = parseTimestamp(match[1]);
  if (!time) return undefined;
  return { time, rest: line.slice(match[0].length).replace(/^[\s:|-]+/, "") };
}

const UNIT_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(?:\d+(?:\.\d+)?[smhdw])+$/i;
const ISO_DURATION = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds in `2h`, `1h30m`, `3d`, `1w`, or ISO 8601 `PT2H`, `P3D`; undefined if it is not a duration. */
export function parseDuration(text: string): number | undefined {
  if (DURATION.test(text)) {
    let total = 0;
    for (const part of text.matchAll(/(\d+(?:\.\d+)?)([smhdw])/gi)) total += Number(part[1]) * (UNIT_MS[part[2]!.toLowerCase()] ?? 0);
    return total;
  }
  const iso = ISO_DURATION.exec(text);
  if (iso && text.length > 1 && !/T$/i.test(text)) {
    const [, w, d, h, m, s] = iso;
    return Number(w ?? 0) * UNIT_MS.w! + Number(d ?? 0) * UNIT_MS.d! + Number(h ?? 0) * UNIT_MS.h! + Number(m ?? 0) * UNIT_MS.m! + Number(s ?? 0) * UNIT_MS.s!;
  }
  return undefined;
}

/**
 * `--since/--until`: an RFC 3339/ISO time (a time without a zone is read as UTC, `Z` assumed; a bare
 * date is midnight UTC), or a duration back from `now`: 30s, 15m, 2h, 3d, 1w, combinations like 1h30m
 * (gcloud --freshness style), or ISO 8601 (PT2H). Throws UsageError on anything else.
 */
export function parseTimeArg(value: string, now: Date): Date {
  const text = value.trim();
  const duration = parseDuration(text);
  if (duration !== undefined) return new Date(now.getTime() - duration);
  const date = DATE_ONLY.exec(text);
  const time = parseTimestamp(date ? `${text}T00:00:00Z` : text);
  if (time) return new Date(time.timeMs);
  throw new UsageError(
    `cannot read time "${value}": give an RFC 3339 time (2025-09-14T18:00:00Z; without a zone it is read as UTC) or a duration back from now (30s, 15m, 2h, 3d, 1w)`,
  );
}
