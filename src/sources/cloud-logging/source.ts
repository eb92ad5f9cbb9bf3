import { createQuotaLimiter, HttpStatusError, ResponseTooLargeError, type QuotaLimiter } from "../../http/index.js";
import { AuthError, UsageError } from "../../model/errors.js";
import type { Severity } from "../../model/severity.js";
import { MAX_ENTRIES_STOP, type Completeness, type LogSource, type SourceItem, type SourceResult } from "../../model/source.js";
import { refusedCredentialsError } from "./auth.js";
import { createEntriesClient, ORDER_BY, type ListEntriesPage, type ListEntriesRequest } from "./client.js";
import { buildFilter, type FilterSpec } from "./query.js";

export interface CloudLoggingReadOptions {
  project: string;
  services: readonly string[];
  resourceType: string;
  minSeverity: Severity;
  since: Date;
  until: Date;
  extraFilter?: string;
  /** Stop after this many entries and say so (`truncated`), never silently. */
  maxEntries?: number;
  endpoint: string;
  pageSize: number;
  requestsPerMinute: number;
  maxAttempts: number;
  timeoutMs: number;
  /** Defaults: READ_DEFAULTS. */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  maxQueryRestarts?: number;
  /** cloudLogging.maxResponseBytes: an answer over it is asked again at half the page size. */
  maxResponseBytes?: number;
}

export interface CloudLoggingProgress {
  entries: number;
  pages: number;
  lastTimestamp?: string;
}

export interface CloudLoggingContext {
  getAccessToken(): Promise<string>;
  clock: { now(): number };
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** After every page; the CLI's progress sink turns it into the live line (entries, pages, rate, timestamp). */
  onProgress?(p: CloudLoggingProgress): void;
  /** Before each backoff sleep, so a slow read says why it is slow. */
  onRetry?(info: { attempt: number; delayMs: number; error: string }): void;
  signal?: AbortSignal;
  userAgent: string;
  /** Share one limiter between sources that read the same project in one run; defaults to one per source. */
  quota?: QuotaLimiter;
  /** In [0, 1), for backoff jitter; Math.random by default. */
  random?: () => number;
  fetch?: typeof fetch;
}

/** For options built without the config section; the same values as config/sections/cloud-logging.ts (config.test.ts keeps them equal). */
export const READ_DEFAULTS = { retryBaseDelayMs: 1_000, retryMaxDelayMs: 32_000, maxQueryRestarts: 3, maxResponseBytes: 16 * 1024 * 1024 } as const;

/** Project ids, and legacy domain-scoped ones (`example.com:proj`); anything else would change the resource name. */
const PROJECT_ID = /^[a-z0-9][a-z0-9.:-]*$/i;

/**
 * Reads one project's entries for the window, page by page, until no page token comes back (a page may
 * be empty and still carry one). Yields each entry as it arrives, then one `end` item saying how
 * complete the read was. Credentials that are missing or refused throw `AuthError` out of the
 * iteration; any other failure after retries ends the read with `query_failed`, keeping what was read.
 * A bad query throws `UsageError` here, before any request.
 */
export function openCloudLogging(options: CloudLoggingReadOptions, ctx: CloudLoggingContext): LogSource {
  if (!PROJECT_ID.test(options.project)) throw new UsageError(`invalid project id ${JSON.stringify(options.project)}`);
  if (options.maxEntries !== undefined && (!Number.isInteger(options.maxEntries) || options.maxEntries < 1)) {
    throw new UsageError(`--max-entries must be a positive whole number, got ${options.maxEntries}`);
  }
  const spec: FilterSpec = {
    resourceType: options.resourceType,
    services: options.services,
    minSeverity: options.minSeverity,
    since: options.since,
    until: options.until,
    ...(options.extraFilter !== undefined ? { extra: options.extraFilter } : {}),
  };
  const filter = buildFilter(spec);
  return { [Symbol.asyncIterator]: () => readEntries(options, ctx, spec, filter) };
}

async function* readEntries(options: CloudLoggingReadOptions, ctx: CloudLoggingContext, spec: FilterSpec, filter: string): AsyncGenerator<SourceItem> {
  const input = `cloud-logging:projects/${options.project}`;
  const client = createEntriesClient({
    endpoint: options.endpoint,
    project: options.project,
    getAccessToken: () => ctx.getAccessToken(),
    userAgent: ctx.userAgent,
    timeoutMs: options.timeoutMs,
    quota: ctx.quota ?? createQuotaLimiter({ perMinute: options.requestsPerMinute, clock: ctx.clock, sleep: ctx.sleep }),
    retry: {
      maxAttempts: options.maxAttempts,
      baseDelayMs: options.retryBaseDelayMs ?? READ_DEFAULTS.retryBaseDelayMs,
      maxDelayMs: options.retryMaxDelayMs ?? READ_DEFAULTS.retryMaxDelayMs,
      random: ctx.random ?? Math.random,
      sleep: ctx.sleep,
      ...(ctx.onRetry ? { onRetry: ({ attempt, delayMs, error }: { attempt: number; delayMs: number; error: Error }) => ctx.onRetry?.({ attempt, delayMs, error: error.message }) } : {}),
    },
    maxResponseBytes: options.maxResponseBytes ?? READ_DEFAULTS.maxResponseBytes,
    ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
  });
  const maxRestarts = options.maxQueryRestarts ?? READ_DEFAULTS.maxQueryRestarts;
  // One entry past the cap is enough to know whether the cap cut anything off.
  // Halved for the rest of the read each time a page comes back over maxResponseBytes.
  let pageSize = options.maxEntries === undefined ? options.pageSize : Math.min(options.pageSize, options.maxEntries + 1);

  let entriesRead = 0;
  let position = 0;
  let pages = 0;
  let lastTimestamp: string | undefined;
  // Identities of the entries read at `lastTimestamp`: after a restart at that timestamp they come again.
  const idsAtLastTimestamp = new Set<string>();
  let restarts = 0;
  /** Read again from `lastTimestamp` (a refused token, or a smaller page): entries seen there come again. */
  let resumed = false;
  let request: ListEntriesRequest = { resourceNames: [`projects/${options.project}`], filter, orderBy: ORDER_BY, pageSize };
  const end = (completeness: Completeness): SourceItem => {
    const result: SourceResult = { input, format: "cloud-logging", entriesRead, pages, filter, completeness };
    return { kind: "end", result };
  };

  for (;;) {
    let page: ListEntriesPage;
    try {
      page = await client.listPage(request, ctx.signal);
    } catch (error) {
      if (error instanceof AuthError) throw error;
      if (error instanceof HttpStatusError && (error.status === 401 || error.status === 403)) {
        throw refusedCredentialsError(error.status, error.apiStatus, options.project, error.apiMessage);
      }
      if (error instanceof ResponseTooLargeError) {
        if (pageSize > 1) {
          // Large entries: the same page again, half as long. A page token may be bound to its page
          // size, so the read resumes from the last timestamp (entries already read there are skipped).
          pageSize = Math.max(1, Math.floor(pageSize / 2));
          const resumeFilter = request.pageToken === undefined ? request.filter : filterFrom(spec, filter, lastTimestamp);
          if (resumeFilter !== undefined) {
            if (request.pageToken !== undefined) resumed = true;
            request = { resourceNames: request.resourceNames, filter: resumeFilter, orderBy: ORDER_BY, pageSize };
            continue;
          }
        }
        const what = pageSize > 1 ? error.message : `one entry alone is over cloudLogging.maxResponseBytes (${error.limitBytes.toLocaleString("en-US")} bytes) even at page size 1`;
        yield end({ kind: "query_failed", error: what, ...(lastTimestamp ? { readUntil: lastTimestamp } : {}) });
        return;
      }
      const restartFilter = request.pageToken !== undefined && restarts < maxRestarts && isRefusedPageToken(error) ? filterFrom(spec, filter, lastTimestamp) : undefined;
      if (restartFilter !== undefined) {
        restarts += 1;
        resumed = true;
        request = { resourceNames: request.resourceNames, filter: restartFilter, orderBy: ORDER_BY, pageSize };
        continue;
      }
      yield end({ kind: "query_failed", error: describeFailure(error, ctx.signal), ...(lastTimestamp ? { readUntil: lastTimestamp } : {}) });
      return;
    }
    pages += 1;
    for (const json of page.entries) {
      if (typeof json !== "object" || json === null || Array.isArray(json)) {
        position += 1;
        yield { kind: "skip", skip: { reason: "not_an_object", input, position, detail: "entries:list returned a non-object entry" } };
        continue;
      }
      const entry = json as Record<string, unknown>;
      const timestamp = typeof entry.timestamp === "string" ? entry.timestamp : undefined;
      const identity = typeof entry.insertId === "string" ? `id:${entry.insertId}` : JSON.stringify(entry);
      if (resumed && timestamp !== undefined && timestamp === lastTimestamp && idsAtLastTimestamp.has(identity)) continue;
      if (options.maxEntries !== undefined && entriesRead >= options.maxEntries) {
        yield end({ kind: "truncated", reason: `${MAX_ENTRIES_STOP} ${options.maxEntries}`, ...(lastTimestamp ? { readUntil: lastTimestamp } : {}) });
        return;
      }
      entriesRead += 1;
      position += 1;
      if (timestamp !== undefined && timestamp !== lastTimestamp) {
        lastTimestamp = timestamp;
        idsAtLastTimestamp.clear();
      }
      idsAtLastTimestamp.add(identity);
      yield { kind: "entry", entry: { kind: "json", input, position, json: entry } };
    }
    ctx.onProgress?.({ entries: entriesRead, pages, ...(lastTimestamp ? { lastTimestamp } : {}) });
    if (page.nextPageToken === undefined) break;
    request = { ...request, pageToken: page.nextPageToken };
  }
  yield end(entriesRead === 0 ? { kind: "no_data" } : { kind: "complete" });
}

/** The API answers an expired (24 h) or otherwise unusable page token with 400 INVALID_ARGUMENT naming the token. */
function isRefusedPageToken(error: unknown): boolean {
  return error instanceof HttpStatusError && error.status === 400 && /page.?token/i.test(error.apiMessage);
}

/** The same query from the last timestamp read (ascending order makes that the resume point), or from the start. */
function filterFrom(spec: FilterSpec, filter: string, lastTimestamp: string | undefined): string | undefined {
  if (lastTimestamp === undefined) return filter;
  try {
    return buildFilter({ ...spec, since: lastTimestamp });
  } catch {
    return undefined;
  }
}

function describeFailure(error: unknown, signal: AbortSignal | undefined): string {
  if (signal?.aborted) return "interrupted";
  if (error instanceof Error) return error.message;
  return String(error);
}
