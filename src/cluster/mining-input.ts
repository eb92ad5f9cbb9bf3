/**
 * What the miner sees of an entry, and in which scope. Templates never cross a scope, so the scope
 * is where an issue can live: one service and one place in the code (module and function, never
 * the line: lines move with every edit), or the logger or output stream when there is no location.
 * HTTP request logs are their own scope per method, route and status.
 */
import { SampleText, sampleValue, type LogEntry, type SourceLocation } from "../model/entry.js";
import { maskPayloadValues } from "../mine/payload-shape.js";

export interface MiningScope {
  readonly kind: "log" | "http";
  readonly service?: string;
  /** Module, or the file when only a file is known. */
  readonly module?: string;
  readonly function?: string;
  /** Logger name, or `stream:<name>` for plain stdout/stderr text; set only when there is no code location. */
  readonly logger?: string;
  /** `METHOD route STATUS` for HTTP request logs. */
  readonly request?: string;
}

export interface MiningInput {
  readonly scope: string;
  readonly text: string;
}

export function miningInput(entry: LogEntry): MiningInput {
  const scope = miningScope(entry);
  return { scope: scopeKey(scope), text: scope.request ?? minedShape(miningText(entry)) };
}

/** A redaction token as written for display: `<ip:3fa9c1>`, `<email:07b2aa>`. */
const KEYED_TOKEN = /<([a-z0-9-]+):[0-9a-f]{4,16}>/g;

/**
 * The text as the miner reads it: every redaction token in one fixed shape per kind (`<ip>`), so
 * the install's redaction key never changes a template or a fingerprint (the keyed hash stays in
 * samples, where it tells values apart), and payloads by their shape (src/mine/payload-shape.ts).
 */
export function minedShape(text: string): string {
  const unkeyed = text.includes("<") ? text.replace(KEYED_TOKEN, "<$1>") : text;
  return maskPayloadValues(unkeyed);
}

export function scopeKey(scope: MiningScope): string {
  const service = scope.service ?? "";
  if (scope.request !== undefined) return `${service}|http|${scope.request}`;
  if (scope.module !== undefined || scope.function !== undefined) return `${service}|code|${scope.module ?? ""}|${scope.function ?? ""}`;
  return `${service}|logger|${scope.logger ?? ""}`;
}

export function miningScope(entry: LogEntry): MiningScope {
  const request = requestLine(entry);
  if (request !== undefined) return withService(entry.service, { kind: "http", request });
  const frame = stackFrame(entry);
  if (frame !== undefined) return withService(entry.service, { kind: "log", module: frame.file, function: frame.function });
  const source = entry.source;
  const module = source?.module ?? source?.file;
  const fn = source?.function;
  if (module !== undefined || fn !== undefined) {
    const scope: { kind: "log"; module?: string; function?: string } = { kind: "log" };
    if (module !== undefined) scope.module = module;
    if (fn !== undefined) scope.function = fn;
    return withService(entry.service, scope);
  }
  return withService(entry.service, { kind: "log", logger: entry.logger ?? `stream:${streamName(entry.logName)}` });
}

/**
 * `{ service, ...scope }` (service first, as the scope has always been laid out) without a spread:
 * the spreads here cost ~2 µs an entry (CPU profile of bench/pipeline.bench.ts at 100k).
 */
function withService(service: string | undefined, scope: Omit<MiningScope, "service">): MiningScope {
  if (service === undefined) return scope;
  const out: { -readonly [K in keyof MiningScope]: MiningScope[K] } = { service, kind: scope.kind };
  if (scope.module !== undefined) out.module = scope.module;
  if (scope.function !== undefined) out.function = scope.function;
  if (scope.logger !== undefined) out.logger = scope.logger;
  if (scope.request !== undefined) out.request = scope.request;
  return out;
}

/** A location read from a stack may be a library frame; the innermost application frame says more. */
function stackFrame(entry: LogEntry): Frame | undefined {
  return entry.source?.module === undefined ? exceptionSite(stackText(entry)) : undefined;
}

/** Where the problem is in the code: the entry's own location, or for an exception the innermost application frame. */
export function problemLocation(entry: LogEntry): SourceLocation | undefined {
  const frame = stackFrame(entry);
  if (frame === undefined) return entry.source;
  return { file: frame.file, function: frame.function, ...(frame.line === undefined ? {} : { line: frame.line }) };
}

/**
 * A request log (no code location, method and status known) → `POST /ws/beacon 405`. A request log
 * that says something of its own (Cloud Run's `The request failed because … malformed …` beside its
 * httpRequest) is that message, mined with the same line logged without an httpRequest; its routes
 * and statuses are counted all the same.
 */
function requestLine(entry: LogEntry): string | undefined {
  const http = entry.http;
  if (http?.method === undefined || http.status === undefined || entry.source !== undefined) return undefined;
  if (entry.message !== "" && entry.message !== `${http.method} ${http.route ?? "-"} ${http.status}`) return undefined;
  const route = http.route ?? (http.url === undefined ? undefined : maskRoute(http.url));
  return `${http.method.toUpperCase()} ${route ?? "-"} ${http.status}`;
}

const ID_SEGMENT = /^(?:\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,}|[A-Za-z0-9_-]*\d[A-Za-z0-9_-]*\d[A-Za-z0-9_-]*)$/i;

/** Path of a URL with id-like segments as `<id>` (used only when the normaliser gave no route). */
export function maskRoute(url: string): string {
  const withoutOrigin = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "");
  const path = withoutOrigin.split(/[?#]/, 1)[0] ?? "";
  const masked = path
    .split("/")
    .map((segment) => (ID_SEGMENT.test(segment) ? "<id>" : segment))
    .join("/");
  return masked === "" ? "/" : masked;
}

function streamName(logName: string | undefined): string {
  if (logName === undefined) return "unknown";
  const id = decodeURIComponent(logName.slice(logName.lastIndexOf("/") + 1));
  return id.slice(id.lastIndexOf("/") + 1) || "unknown";
}

/** The full text an exception may be in: the normalised stack, else the raw textPayload. */
function stackText(entry: LogEntry): string | undefined {
  if (entry.stackTrace !== undefined) return entry.stackTrace;
  // a sample carried as text is parsed only when it may hold a textPayload
  const sample = entry.sample instanceof SampleText && !entry.sample.json.includes('"textPayload"') ? undefined : sampleValue(entry.sample);
  if (sample !== null && typeof sample === "object" && "textPayload" in sample) {
    const text = (sample as { textPayload?: unknown }).textPayload;
    if (typeof text === "string" && text.includes("\n")) return text;
  }
  return entry.message.includes("\n") ? entry.message : undefined;
}

const PYTHON_FRAME = /^\s*File "([^"]+)", line (\d+), in (\S+)/;
const JS_FRAME = /^\s*at (?:(\S+) \()?([^():]+):(\d+):\d+\)?$/;
/** Library frames: the problem is where the application called in, not inside the library. */
const LIBRARY_PATH = /(?:site-packages|dist-packages|[/\\]lib[/\\]python\d|node_modules|node:internal|^internal[/\\])/;

interface Frame {
  readonly file: string;
  readonly function: string;
  readonly line?: number;
}

/** The innermost application frame of a Python or JavaScript stack (a library frame when there is no other). */
export function exceptionSite(stack: string | undefined): Frame | undefined {
  if (stack === undefined) return undefined;
  const frames: Frame[] = [];
  const lines = stack.split("\n");
  let javascript = false;
  for (const line of lines) {
    const python = PYTHON_FRAME.exec(line);
    if (python !== null) {
      frames.push({ file: python[1] ?? "", function: python[3] ?? "", line: Number(python[2]) });
      continue;
    }
    const js = JS_FRAME.exec(line);
    if (js !== null) {
      javascript = true;
      frames.push({ file: js[2] ?? "", function: js[1] ?? "<anonymous>", line: Number(js[3]) });
    }
  }
  if (frames.length === 0) return undefined;
  // Python prints the innermost frame last; JavaScript prints it first.
  const ordered = javascript ? frames : [...frames].reverse();
  return ordered.find((frame) => !LIBRARY_PATH.test(frame.file)) ?? ordered[0];
}

/**
 * The message to mine. For an exception printed as text, the line that names the exception says
 * what went wrong; a header like `Traceback (most recent call last):` says nothing.
 */
function miningText(entry: LogEntry): string {
  const stack = stackText(entry);
  if (stack !== undefined && exceptionSite(stack) !== undefined) {
    const line = exceptionLine(stack);
    if (line !== undefined) return line;
    if (entry.error?.type !== undefined) return `${entry.error.type}: ${entry.error.value ?? ""}`.trim();
  }
  return entry.message;
}

/** Python's last unindented line after the frames (`KeyError: 'x'`), or JavaScript's first line. */
function exceptionLine(stack: string): string | undefined {
  const lines = stack.split("\n").filter((line) => line.trim() !== "");
  const firstFrame = lines.findIndex((line) => PYTHON_FRAME.test(line) || JS_FRAME.test(line));
  if (firstFrame < 0) return undefined;
  if (JS_FRAME.test(lines[firstFrame] ?? "")) return firstFrame > 0 ? lines[firstFrame - 1]?.trim() : undefined;
  for (let index = lines.length - 1; index > firstFrame; index -= 1) {
    const line = lines[index] ?? "";
    // the exception line starts with the exception's name (SQLAlchemy adds `[SQL: …]` lines after it)
    if (/^[A-Za-z_]/.test(line)) return line.trim();
  }
  return undefined;
}
