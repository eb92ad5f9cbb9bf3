// The GitHub client, composed once: REST methods, pagination, GitHub's documented throttling
// (Bottleneck groups: writes 1 s apart, searches 2 s apart), and retries of reads on 5xx.
// Cross-cutting behaviour lives here; call sites never sleep, retry or count.
import { Octokit } from "@octokit/core";
import { paginateRest } from "@octokit/plugin-paginate-rest";
import { restEndpointMethods } from "@octokit/plugin-rest-endpoint-methods";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import Bottleneck from "bottleneck";
import { cappedFetch, ResponseTooLargeError } from "../http/capped-body.js";
import type { RequestCounter } from "./tracker.js";

/**
 * An answer over tracker.maxResponseBytes reaches Octokit as a failed fetch, which it reports as a
 * 500 that the retry plugin would repeat; the same request gets the same answer, so the cap's own
 * error goes on instead. Composed first, so its error hook runs inside the retry plugin's.
 */
function cappedResponses(octokit: Octokit): void {
  octokit.hook.error("request", (error) => {
    const cause = (error as { cause?: unknown }).cause;
    throw cause instanceof ResponseTooLargeError ? cause : error;
  });
}

export const GitHubClient = Octokit.plugin(cappedResponses, restEndpointMethods, paginateRest, throttling, retry);
export type GitHubClient = InstanceType<typeof GitHubClient>;

export type RequestKind = "read" | "write" | "search";

export interface ClientOptions {
  readonly token: string;
  /** `https://api.github.com`, or `https://HOST/api/v3` for GitHub Enterprise Server. */
  readonly baseUrl: string;
  /** Rate-limit waits in one run add up to at most this; past it, the request fails and is reported. */
  readonly maxRateLimitWaitSeconds: number;
  /** Retries of a read after 5xx/429 (writes that create something are verified, not retried: see apply.ts). */
  readonly readRetries: number;
  /** tracker.maxResponseBytes: an answer past it fails (never retried) and the tracker phase stops short. */
  readonly maxResponseBytes: number;
  /** Multiplier from GitHub's retry-after seconds to milliseconds: 1000 in production, small in tests. */
  readonly retryAfterUnitMs?: number;
  /** Spacing of writes and searches (GitHub's best practice: 1 s between writes; search 30/min). */
  readonly writeSpacingMs?: number;
  readonly searchSpacingMs?: number;
  /** Called once per HTTP attempt, retries included. */
  readonly onRequest?: (event: { readonly kind: RequestKind; readonly method: string; readonly url: string; readonly status?: number }) => void;
  readonly userAgent?: string;
}

export function requestKind(method: string, url: string): RequestKind {
  if (method === "GET" && /\/search\//.test(url)) return "search";
  return method === "GET" || method === "HEAD" ? "read" : "write";
}

export function createGitHubClient(options: ClientOptions, counter: RequestCounter): GitHubClient {
  let waitedSeconds = 0;
  const fetchCapped = cappedFetch(globalThis.fetch, options.maxResponseBytes, "tracker.maxResponseBytes");
  const unit = options.retryAfterUnitMs ?? 1000;
  // Bottleneck groups per client (the plugin's defaults are module-wide and fixed at 1 s / 2 s).
  const write = new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeSpacingMs ?? 1000 });
  const search = new Bottleneck.Group({ maxConcurrent: 1, minTime: options.searchSpacingMs ?? 2000 });
  const notifications = new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeSpacingMs ?? 1000 });
  const onLimit = (kind: string) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
    counter.add(kind);
    if (retryCount >= 5 || waitedSeconds + retryAfter > options.maxRateLimitWaitSeconds) return false;
    waitedSeconds += retryAfter;
    return true;
  };
  const client = new GitHubClient({
    auth: options.token,
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    userAgent: options.userAgent ?? "log-gardener",
    throttle: {
      onRateLimit: onLimit("rate-limited"),
      onSecondaryRateLimit: onLimit("secondary-limited"),
      retryAfterBaseValue: unit,
      write,
      search,
      notifications,
    },
    retry: { retries: options.readRetries, retryAfterBaseValue: unit },
    request: {
      // Counts every HTTP attempt, including the plugins' retries.
      fetch: async (url: string | URL | Request, init?: RequestInit) => {
        const method = (init?.method ?? "GET").toUpperCase();
        const kind = requestKind(method, String(url));
        counter.add(kind);
        try {
          const response = await fetchCapped(url, init);
          options.onRequest?.({ kind, method, url: String(url), status: response.status });
          return response;
        } catch (error) {
          options.onRequest?.({ kind, method, url: String(url) });
          throw error;
        }
      },
    },
  });
  return client;
}
