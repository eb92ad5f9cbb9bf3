import type { Severity } from "./severity.js";

/** One entry as a source read it: a LogEntry-shaped JSON object, or a text entry (a line plus any stack trace lines). */
export type RawEntry =
  | {
      readonly kind: "json";
      readonly input: string;
      readonly position: number;
      readonly json: Readonly<Record<string, unknown>>;
      /** Set by a source that saw the text it parsed: every string in `json`, keys too, is printable ASCII, tab or newline, so repair has nothing to do. */
      readonly printableAscii?: boolean;
    }
  | { readonly kind: "text"; readonly input: string; readonly position: number; readonly text: string };

export interface SourceLocation {
  readonly file?: string;
  readonly module?: string;
  readonly function?: string;
  readonly line?: number;
}

export interface HttpRequestInfo {
  readonly method?: string;
  readonly url?: string;
  /** The URL path with ids masked (`/users/<id>/orders`), what HTTP clusters group by. */
  readonly route?: string;
  readonly status?: number;
  readonly latencyMs?: number;
  readonly userAgent?: string;
  readonly remoteIp?: string;
  readonly referer?: string;
  readonly protocol?: string;
  readonly requestSize?: number;
  readonly responseSize?: number;
}

export interface ErrorInfo {
  readonly type?: string;
  readonly value?: string;
}

/** protoPayload of audit logs. */
export interface AuditInfo {
  readonly serviceName?: string;
  readonly methodName?: string;
  readonly resourceName?: string;
  readonly statusCode?: number;
  readonly statusMessage?: string;
}

/**
 * A normalised entry. Every string in it has been repaired (mojibake, invalid UTF-8) and redacted,
 * so nothing downstream can hold a secret.
 */
export interface LogEntry {
  /** Identity for de-duplication across inputs and runs: `id:<insertId>` or `h:<content hash>`. */
  readonly key: string;
  readonly insertId?: string;
  readonly input: string;
  /** 1-based entry number in its input. */
  readonly position: number;
  readonly severity: Severity;
  /** Set when the severity was inferred from the text, with why (e.g. `text says "ERROR"`). */
  readonly severityReason?: string;
  /** RFC 3339 in UTC, sub-millisecond digits kept as given. */
  readonly timestamp?: string;
  /** Epoch milliseconds of `timestamp`, for windows and rates. */
  readonly timeMs?: number;
  readonly receiveTimestamp?: string;
  readonly logName?: string;
  readonly resourceType?: string;
  readonly project?: string;
  readonly service?: string;
  readonly revision?: string;
  readonly location?: string;
  readonly configuration?: string;
  readonly instanceId?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly trace?: string;
  readonly spanId?: string;
  readonly source?: SourceLocation;
  /** The logger's name (jsonPayload.context.name, or logging.googleapis.com/sourceLocation-less loggers). */
  readonly logger?: string;
  readonly http?: HttpRequestInfo;
  /** The human message: the first line of text, with embedded JSON pretty enough to read. */
  readonly message: string;
  readonly stackTrace?: string;
  readonly error?: ErrorInfo;
  readonly audit?: AuditInfo;
  /** User-ish identifiers found in the entry (user ids, emails as masked tokens), for distinct counts. */
  readonly users: readonly string[];
  /** Connection-ish identifiers (connection ids, session ids, request ids). */
  readonly connections: readonly string[];
  /** The whole entry as it came, repaired and redacted, for samples in reports and issues (read it with `sampleValue`). */
  readonly sample: unknown;
}

/**
 * A sample held as its JSON text. Entries prepared in a worker thread cross back with their sample so:
 * a string is cloned in one copy, where the object was cloned field by field on the thread that
 * mines (and most samples are never shown). Only `sampleValue` looks inside.
 */
export class SampleText {
  constructor(readonly json: string) {}
}

/** The sample as a value, parsed back when it was carried as text. */
export function sampleValue(sample: unknown): unknown {
  return sample instanceof SampleText ? JSON.parse(sample.json) : sample;
}
