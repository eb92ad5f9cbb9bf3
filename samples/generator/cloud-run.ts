/** Builds LogEntry objects in the REST / `gcloud logging read --format=json` shape of a Cloud Run service. */
import type { Random } from "./random.js";

export type GcpSeverity = "DEFAULT" | "DEBUG" | "INFO" | "NOTICE" | "WARNING" | "ERROR" | "CRITICAL";

/** What one log call wrote; the builder adds resource, labels, timestamps and ids. */
export type LogLine =
  | {
      /** A Python service logging JSON to stderr: jsonPayload with labels.module/function/line and context.name. */
      readonly kind: "python-json";
      readonly severity: GcpSeverity;
      readonly message: string;
      readonly module: string;
      readonly function: string;
      readonly line: number;
      /** Logger name in context.name; defaults to the module. */
      readonly logger?: string;
    }
  | {
      /** The auth service's own JSON formatter: logger/name fields, optional error object, optional sourceLocation. */
      readonly kind: "auth-json";
      readonly severity: GcpSeverity;
      readonly message: string;
      readonly logger: string;
      readonly error?: { readonly type: string; readonly message: string };
      readonly sourceLocation?: { readonly file: string; readonly line: number; readonly function: string };
    }
  | {
      /** A raw stderr/stdout line (tracebacks, uvicorn, warnings) with no structure. */
      readonly kind: "text";
      readonly severity: GcpSeverity;
      readonly text: string;
      /** `varlog/system` is Cloud Run's own platform log (container exits, malformed responses). */
      readonly stream: "stderr" | "stdout" | "varlog/system";
    }
  | {
      /** The request log Cloud Run writes for every HTTP request. */
      readonly kind: "request";
      readonly severity: GcpSeverity;
      readonly method: string;
      readonly url: string;
      readonly status: number;
      readonly latencySeconds: number;
      readonly userAgent: string;
      readonly remoteIp: string;
      readonly referer?: string;
      readonly requestSize: number;
      readonly responseSize: number;
      /** Cloud Run's own words on a failed request, as textPayload beside the httpRequest. */
      readonly text?: string;
    };

export interface Placement {
  readonly project: string;
  readonly service: string;
  readonly location: string;
  readonly revision: string;
  readonly instanceId: string;
  /** Epoch microseconds. */
  readonly timeUs: number;
  readonly trace?: string;
}

/** `2025-09-14T18:32:12.545693Z` from epoch microseconds. */
export function formatMicros(timeUs: number): string {
  const ms = Math.floor(timeUs / 1000);
  const micros = String(timeUs % 1_000_000).padStart(6, "0");
  return `${new Date(ms).toISOString().slice(0, 19)}.${micros}Z`;
}

/** Python's `datetime.isoformat()` with a UTC offset, as the services print it inside their JSON. */
export function formatPythonIso(timeUs: number): string {
  return formatMicros(timeUs).replace("Z", "+00:00");
}

function receiveTimestamp(rng: Random, timeUs: number): string {
  const delayUs = rng.int(40_000, 900_000);
  return formatMicros(timeUs + delayUs).replace("Z", `${rng.int(100, 999)}Z`);
}

export function buildEntry(line: LogLine, at: Placement, rng: Random): Record<string, unknown> {
  const logBase = `projects/${at.project}/logs/`;
  const entry: Record<string, unknown> = {
    insertId: rng.alnum(line.kind === "request" ? 12 : 14),
    labels: { instanceId: at.instanceId },
    receiveTimestamp: receiveTimestamp(rng, at.timeUs),
    resource: {
      labels: {
        configuration_name: at.service,
        location: at.location,
        project_id: at.project,
        revision_name: at.revision,
        service_name: at.service,
      },
      type: "cloud_run_revision",
    },
    severity: line.severity,
    timestamp: formatMicros(at.timeUs),
  };
  if (at.trace !== undefined) {
    entry.trace = `projects/${at.project}/traces/${at.trace}`;
    entry.spanId = rng.hex(16);
    entry.traceSampled = rng.chance(0.1);
  }
  switch (line.kind) {
    case "python-json": {
      const logger = line.logger ?? line.module;
      entry.logName = `${logBase}run.googleapis.com%2Fstderr`;
      entry.jsonPayload = {
        context: { name: logger, service: "netra-service" },
        labels: { function: line.function, line: String(line.line), module: line.module },
        message: line.message,
        timestamp: formatPythonIso(at.timeUs - rng.int(5, 40)),
      };
      break;
    }
    case "auth-json": {
      entry.logName = `${logBase}run.googleapis.com%2Fstdout`;
      const payload: Record<string, unknown> = {
        logger: line.logger,
        message: line.message,
        name: line.logger,
        service: "auth-service",
        timestamp: formatMicros(at.timeUs - rng.int(5, 40)),
      };
      if (line.error !== undefined) {
        payload.error = { message: line.error.message, severity: line.severity, traceback: "", type: line.error.type };
      }
      entry.jsonPayload = payload;
      if (line.sourceLocation !== undefined) {
        entry.sourceLocation = {
          file: line.sourceLocation.file,
          function: line.sourceLocation.function,
          line: String(line.sourceLocation.line),
        };
      }
      break;
    }
    case "text":
      entry.logName = `${logBase}run.googleapis.com%2F${encodeURIComponent(line.stream)}`;
      entry.textPayload = line.text;
      break;
    case "request": {
      entry.logName = `${logBase}run.googleapis.com%2Frequests`;
      const request: Record<string, unknown> = {
        latency: `${line.latencySeconds.toFixed(9).replace(/0+$/, "").replace(/\.$/, "")}s`,
        protocol: "HTTP/1.1",
        remoteIp: line.remoteIp,
        requestMethod: line.method,
        requestSize: String(line.requestSize),
        requestUrl: line.url,
        responseSize: String(line.responseSize),
        serverIp: "34.143.72.2",
        status: line.status,
        userAgent: line.userAgent,
      };
      if (line.referer !== undefined) request.referer = line.referer;
      entry.httpRequest = request;
      if (line.text !== undefined) entry.textPayload = line.text;
      break;
    }
  }
  return entry;
}

/** Keys sorted alphabetically at every level, as gcloud prints them. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === "object") {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}

/** One array element in gcloud's `--format=json` layout: 2-space indent, nested one level. */
export function gcloudJsonElement(entry: unknown): string {
  return JSON.stringify(sortKeysDeep(entry), null, 2)
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}

// Windows-1252 names for bytes 0x80–0x9F; the rest of Latin-1 maps to itself.
const CP1252_HIGH: Readonly<Record<number, string>> = {
  0x80: "€", 0x82: "‚", 0x83: "ƒ", 0x84: "„", 0x85: "…", 0x86: "†", 0x87: "‡", 0x88: "ˆ", 0x89: "‰",
  0x8a: "Š", 0x8b: "‹", 0x8c: "Œ", 0x8e: "Ž", 0x91: "‘", 0x92: "’", 0x93: "“", 0x94: "”", 0x95: "•",
  0x96: "–", 0x97: "—", 0x98: "˜", 0x99: "™", 0x9a: "š", 0x9b: "›", 0x9c: "œ", 0x9e: "ž", 0x9f: "Ÿ",
};

/** What a UTF-8 string looks like after a hop that decoded it as Windows-1252 (`🔑` → `ðŸ”‘`). */
export function mojibake(text: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(text)) {
    out += byte < 0x80 ? String.fromCharCode(byte) : (CP1252_HIGH[byte] ?? String.fromCharCode(byte));
  }
  return out;
}
