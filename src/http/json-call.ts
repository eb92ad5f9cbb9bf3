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

/**
 * The innermost call: `fetch`, JSON in and out, non-2xx as `HttpStatusError`, no answer as `HttpTransportError`.
 * `acceptTextBody`: a 2xx whose body is not JSON is a success with the text as its body (Slack's webhooks answer `ok`).
 */
export function createFetchJson(fetchImpl: typeof fetch = globalThis.fetch, options: { readonly acceptTextBody?: boolean } = {}): JsonCall {
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
    const text = await response.text();
    let body: unknown = undefined;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
    }
    if (!response.ok) {
      const google = googleError(body);
      const message = google.message ?? (text.length > 0 ? text : response.statusText);
      throw new HttpStatusError(response.status, google.status, oneLine(message), retryAfterMs(response.headers.get("retry-after")));
    }
    if (body === undefined && options.acceptTextBody === true) return { status: response.status, body: text };
    if (body === undefined) {
      throw new HttpStatusError(response.status, undefined, oneLine(`expected a JSON body, got ${JSON.stringify(text.slice(0, 80))}`));
    }
    return { status: response.status, body };
  };
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === "TimeoutError";
}
