import { JSONParser } from "@streamparser/json";
import { cappedChunks, cappedText, ResponseTooLargeError } from "./capped-body.js";

/**
 * The one shape every HTTP wrapper here takes and returns: a JSON request in, a parsed JSON response out.
 * Wrappers (retry, quota, timeout, user agent, bearer token) are composed once around `createFetchJson()`.
 */
export interface JsonRequest {
  readonly method: "GET" | "POST";
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
}

export type JsonCall = (request: JsonRequest) => Promise<JsonResponse>;

/** A non-2xx answer. `apiStatus` is Google's canonical code (`RESOURCE_EXHAUSTED`, `UNAUTHENTICATED` …) when the body carries one. */
export class HttpStatusError extends Error {
  override name = "HttpStatusError";
  constructor(
    readonly status: number,
    readonly apiStatus: string | undefined,
    readonly apiMessage: string,
    /** From a `Retry-After` header, when the server sent one (Cloud Logging normally does not). */
    readonly retryAfterMs?: number,
  ) {
    super(`HTTP ${status}${apiStatus ? ` ${apiStatus}` : ""}: ${apiMessage}`);
  }
}

/** No HTTP answer at all: connection refused or reset, DNS, or the per-request timeout. */
export class HttpTransportError extends Error {
  override name = "HttpTransportError";
  constructor(
    message: string,
    readonly timedOut: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Google's error body: `{ "error": { "code": 429, "message": "...", "status": "RESOURCE_EXHAUSTED" } }`. */
function googleError(body: unknown): { status?: string; message?: string } {
  if (typeof body !== "object" || body === null || !("error" in body)) return {};
  const error = (body as { error: unknown }).error;
  if (typeof error !== "object" || error === null) return {};
  const { status, message } = error as { status?: unknown; message?: unknown };
  return {
    ...(typeof status === "string" ? { status } : {}),
    ...(typeof message === "string" ? { message } : {}),
  };
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** Messages are one line wherever they end up (worklog, stderr), and bounded. */
const MAX_ERROR_MESSAGE_CHARS = 300;

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > MAX_ERROR_MESSAGE_CHARS ? `${flat.slice(0, MAX_ERROR_MESSAGE_CHARS)}…` : flat;
}

export interface FetchJsonOptions {
  /** A 2xx whose body is not JSON is a success with the text as its body (Slack's webhooks answer `ok`). */
  readonly acceptTextBody?: boolean;
  /** Bodies over this many bytes fail with `ResponseTooLargeError` as soon as they pass it; unbounded when absent. */
  readonly maxResponseBytes?: number;
  /** The config key that sets `maxResponseBytes`, named in the error. */
  readonly capSetting?: string;
}

/** Error bodies are read for their message only; Google's are well under this. */
const MAX_ERROR_BODY_BYTES = 1024 * 1024;

/**
 * The innermost call: `fetch`, JSON in and out, non-2xx as `HttpStatusError`, no answer as `HttpTransportError`.
 * A JSON answer is parsed as it arrives (@streamparser/json), so its text is never held whole beside
 * the parsed value, and reading stops at `maxResponseBytes`.
 */
export function createFetchJson(fetchImpl: typeof fetch = globalThis.fetch, options: FetchJsonOptions = {}): JsonCall {
  const maxBytes = options.maxResponseBytes ?? Number.POSITIVE_INFINITY;
  const setting = options.capSetting ?? "the response size cap";
  return async (request) => {
    let response: Response;
    try {
      response = await fetchImpl(request.url, {
        method: request.method,
        headers: { accept: "application/json", ...(request.body === undefined ? {} : { "content-type": "application/json" }), ...request.headers },
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        ...(request.signal ? { signal: request.signal } : {}),
      });
    } catch (error) {
      // A caller's abort is not a transport failure: let it through untouched so nothing retries it.
      if (request.signal?.aborted && !isTimeout(request.signal.reason)) throw error;
      const timedOut = isTimeout(error) || isTimeout(request.signal?.reason);
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
      const what = timedOut ? "request timed out" : `network error${cause || (error instanceof Error ? `: ${error.message}` : "")}`;
      throw new HttpTransportError(oneLine(what), timedOut, { cause: error });
    }
    if (!response.ok) {
      const text = await readBody(() => cappedText(response, Math.min(maxBytes, MAX_ERROR_BODY_BYTES), setting), request.signal).catch((error: unknown) => {
        if (error instanceof ResponseTooLargeError) return "";
        throw error;
      });
      const google = googleError(parseOrUndefined(text));
      const message = google.message ?? (text.length > 0 ? text : response.statusText);
      throw new HttpStatusError(response.status, google.status, oneLine(message), retryAfterMs(response.headers.get("retry-after")));
    }
    if (options.acceptTextBody === true) {
      const text = await readBody(() => cappedText(response, maxBytes, setting), request.signal);
      return { status: response.status, body: parseOrUndefined(text) ?? text };
    }
    const parsed = await readBody(() => parseJsonStream(cappedChunks(response, maxBytes, setting)), request.signal);
    if (!parsed.ok) throw new HttpStatusError(response.status, undefined, oneLine(`expected a JSON body, got ${JSON.stringify(parsed.head)}`));
    return { status: response.status, body: parsed.value };
  };
}

function parseOrUndefined(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A body cut off mid-way (connection reset, the timeout) is a transport error like no answer at all. */
async function readBody<T>(read: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ResponseTooLargeError) throw error;
    if (signal?.aborted && !isTimeout(signal.reason)) throw error;
    const timedOut = isTimeout(error) || isTimeout(signal?.reason);
    throw new HttpTransportError(oneLine(timedOut ? "request timed out" : `network error while reading the answer: ${error instanceof Error ? error.message : String(error)}`), timedOut, { cause: error });
  }
}

/** One JSON value from a stream of chunks, or the first characters when it is not JSON. */
async function parseJsonStream(chunks: AsyncIterable<Uint8Array>): Promise<{ ok: true; value: unknown } | { ok: false; head: string }> {
  const parser = new JSONParser({ paths: ["$"], keepStack: false });
  let value: unknown;
  let done = false;
  let failed = false;
  let head = "";
  parser.onValue = ({ value: root }) => {
    value = root;
    done = true;
  };
  parser.onError = () => {
    failed = true;
  };
  const decoder = new TextDecoder();
  for await (const chunk of chunks) {
    if (head.length < 80) head += decoder.decode(chunk.subarray(0, 80), { stream: true });
    try {
      parser.write(chunk);
    } catch {
      failed = true;
    }
    if (failed) break; // the rest is not read: the first characters make the message
  }
  if (!failed && !parser.isEnded) {
    try {
      parser.end();
    } catch {
      failed = true;
    }
  }
  return !failed && done ? { ok: true, value } : { ok: false, head: head.slice(0, 80) };
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === "TimeoutError";
}
