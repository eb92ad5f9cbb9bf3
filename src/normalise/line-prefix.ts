import type { HttpRequestInfo, SourceLocation } from "../model/entry.js";
import { requestLine, routeOf } from "./http.js";
import { severityFromName } from "./severity.js";

/** What the start of a text line says about itself, and the message after it. */
export interface LinePrefix {
  readonly level?: string;
  readonly logger?: string;
  /** Where the line says it was logged (loguru's `module:function:line`). */
  readonly source?: SourceLocation;
  readonly rest: string;
}

const LEVEL = "CRITICAL|FATAL|ERROR|WARNING|WARN|NOTICE|INFO|DEBUG|TRACE";
/** Each form states the level at the very start (after any timestamp), so it is the line's own level, not a quoted word. */
const PREFIXES: readonly { readonly pattern: RegExp; readonly level: number; readonly logger?: number; readonly fn?: number; readonly line?: number }[] = [
  // loguru's default "{level: <8} | {name}:{function}:{line} | {message}" (the time before it is read off already)
  { pattern: new RegExp(`^(${LEVEL})\\s*\\|\\s*([\\w.-]+):([\\w<>$.-]+):(\\d+)\\s*\\|\\s*`), level: 1, logger: 2, fn: 3, line: 4 },
  // Python "%(name)s - %(levelname)s - %(message)s", with any more ` - ` fields before the level
  // ("%(service)s - %(name)s - …"): the logger is the field next to the level.
  { pattern: new RegExp(`^(?:[\\w.-]+ - )*([\\w.-]+) - (${LEVEL}) - `), logger: 1, level: 2 },
  // Python basicConfig "%(levelname)s:%(name)s:%(message)s"
  { pattern: new RegExp(`^(${LEVEL}):([\\w.-]+):`), level: 1, logger: 2 },
  // uvicorn "INFO:     message", "ERROR: message"
  { pattern: new RegExp(`^(${LEVEL}):\\s+`), level: 1 },
  // "[ERROR] message", "[error] message"
  { pattern: new RegExp(`^\\[(${LEVEL})\\]\\s*`, "i"), level: 1 },
  // "ERROR message" (upper case only)
  { pattern: new RegExp(`^(${LEVEL})\\s+`), level: 1 },
];

const DOTTED_NAME = "[A-Za-z_][\\w$-]*(?:\\.[\\w$-]+)+";
const LOGGER_AFTER_LEVEL = new RegExp(`^(?:\\[(${DOTTED_NAME})\\]\\s+|(?:\\[[^\\]\\s]+\\]\\s+)?(${DOTTED_NAME}) - )`);

/**
 * Splits a leading level (and a Python logger name, and loguru's code location) off a line:
 * `auth.session - ERROR - check failed` gives level ERROR, logger `auth.session`, message `check
 * failed`; `ERROR    | app.db:connect:47 | timed out` gives logger `app.db` and source
 * `app.db` · `connect` · line 47 too. The level still decides the
 * severity through the severity inference, which reads the unsplit line.
 */
export function splitLinePrefix(line: string): LinePrefix {
  for (const prefix of PREFIXES) {
    const match = prefix.pattern.exec(line);
    if (!match) continue;
    const level = match[prefix.level];
    if (!level || !severityFromName(level)) continue;
    let rest = line.slice(match[0].length).trim();
    if (rest === "") return { rest: line };
    let logger = prefix.logger === undefined ? undefined : match[prefix.logger];
    const fn = prefix.fn === undefined ? undefined : match[prefix.fn];
    const lineNumber = prefix.line === undefined ? undefined : Number(match[prefix.line]);
    const source: SourceLocation | undefined = logger !== undefined && fn !== undefined ? { module: logger, function: fn, ...(lineNumber ? { line: lineNumber } : {}) } : undefined;
    if (logger === undefined) {
      // `ERROR [app.payments] …` and logback's `ERROR [main] com.acme.Pay - …`: a dotted name is the logger; a bare `[main]` is a thread.
      const named = LOGGER_AFTER_LEVEL.exec(rest);
      if (named && named[0].length < rest.length) {
        logger = named[1] ?? named[2];
        rest = rest.slice(named[0].length).trim();
      }
    }
    return { level: level.toUpperCase(), ...(logger ? { logger } : {}), ...(source ? { source } : {}), rest };
  }
  return { rest: line };
}

/** `"GET /api/users/42 HTTP/1.1" 500`: access-log lines (uvicorn, gunicorn, nginx, Apache combined). */
const ACCESS_LOG = /"(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE) (\S+) (HTTP\/[\d.]+)" (\d{3})\b/;

/** The request an access-log line records, so such lines cluster by method, route and status like request logs. */
export function httpFromAccessLog(line: string): HttpRequestInfo | undefined {
  const match = ACCESS_LOG.exec(line);
  if (!match) return undefined;
  const [, method = "", url = "", protocol = "", status = ""] = match;
  return { method, url, route: routeOf(url), status: Number(status), protocol };
}

/** A message line made ready for reading and mining: level prefix split off, access-log lines as `METHOD route STATUS`. */
export interface RefinedLine {
  readonly message: string;
  readonly logger?: string;
  readonly source?: SourceLocation;
  readonly http?: HttpRequestInfo;
}

export function refineMessageLine(line: string): RefinedLine {
  const prefix = splitLinePrefix(line);
  const http = httpFromAccessLog(prefix.rest);
  return { message: http ? requestLine(http) : prefix.rest, ...(prefix.logger ? { logger: prefix.logger } : {}), ...(prefix.source ? { source: prefix.source } : {}), ...(http ? { http } : {}) };
}
