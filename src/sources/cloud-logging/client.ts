import {
  createFetchJson,
  withBearerToken,
  withQuota,
  withRetry,
  withTimeout,
  withUserAgent,
  type QuotaLimiter,
  type RetryPolicy,
} from "../../http/index.js";
import { SourceError } from "../../model/errors.js";

/**
 * `orderBy` is always ascending. Chosen over "timestamp desc" (what gcloud sends) because:
 * - a read that stops early has read exactly [since, T], so "read N entries up to T" is one honest
 *   sentence, and a lost page token resumes with `timestamp>="T"` (see source.ts);
 * - entries reach the pipeline in time order, the order first-seen, first-revision and the miner's
 *   first template assume.
 * The slowness Google warns about for `asc` applies to unbounded queries; ours are always bounded.
 */
export const ORDER_BY = "timestamp asc";

/** The `entries:list` request body; field for field what the REST reference documents. */
export interface ListEntriesRequest {
  readonly resourceNames: readonly string[];
  readonly filter: string;
  readonly orderBy: typeof ORDER_BY;
  readonly pageSize: number;
  readonly pageToken?: string;
}

export interface ListEntriesPage {
  /** LogEntry objects as the API sent them (camelCase REST JSON, the same as gcloud's output). */
  readonly entries: readonly unknown[];
  /** Absent when the read is done. A page may be empty and still carry one: keep going. */
  readonly nextPageToken?: string;
}

export interface EntriesClient {
  listPage(request: ListEntriesRequest, signal?: AbortSignal): Promise<ListEntriesPage>;
}

export interface EntriesClientOptions {
  /** Base URL, e.g. https://logging.googleapis.com or http://127.0.0.1:PORT/ (a path prefix is kept). */
  readonly endpoint: string;
  /** The quota key: entries.list quota is counted per project. */
  readonly project: string;
  readonly getAccessToken: () => Promise<string>;
  readonly userAgent: string;
  readonly timeoutMs: number;
  readonly quota: QuotaLimiter;
  readonly retry: RetryPolicy;
  /** cloudLogging.maxResponseBytes: an answer past it fails with `ResponseTooLargeError` (not retried). */
  readonly maxResponseBytes: number;
  readonly fetch?: typeof fetch;
}

export function entriesListUrl(endpoint: string): string {
  const base = endpoint.endsWith("/") ? endpoint : `${endpoint}/`;
  return new URL("v2/entries:list", base).toString();
}

/**
 * Composed once: retry ⟶ quota ⟶ bearer token ⟶ user agent ⟶ timeout ⟶ fetch (each attempt pays quota
 * and gets a fresh token). The answer is parsed as it streams in and capped (json-call.ts).
 */
export function createEntriesClient(opts: EntriesClientOptions): EntriesClient {
  const url = entriesListUrl(opts.endpoint);
  const call = withRetry(
    withQuota(withBearerToken(withUserAgent(withTimeout(createFetchJson(opts.fetch, { maxResponseBytes: opts.maxResponseBytes, capSetting: "cloudLogging.maxResponseBytes" }), opts.timeoutMs), opts.userAgent), opts.getAccessToken), opts.quota, opts.project),
    opts.retry,
  );
  return {
    async listPage(request, signal) {
      const response = await call({ method: "POST", url, headers: {}, body: request, ...(signal ? { signal } : {}) });
      return parsePage(response.body);
    },
  };
}

export function parsePage(body: unknown): ListEntriesPage {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new SourceError("entries:list answered with something that is not a JSON object");
  }
  const { entries = [], nextPageToken } = body as { entries?: unknown; nextPageToken?: unknown };
  if (!Array.isArray(entries)) throw new SourceError("entries:list answered with `entries` that is not an array");
  if (nextPageToken !== undefined && typeof nextPageToken !== "string") {
    throw new SourceError("entries:list answered with a `nextPageToken` that is not a string");
  }
  // proto3 JSON may send "" for an unset token: that ends the read too.
  return nextPageToken ? { entries, nextPageToken } : { entries };
}
