import { HttpStatusError, HttpTransportError, type JsonCall } from "./json-call.js";

/**
 * Our own loop rather than p-retry: p-retry sleeps on real timers, and here the sleep, the random
 * source and the clock are parameters so tests run a minute of backoff in no time.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** Backoff cap before jitter for attempt n is min(maxDelayMs, baseDelayMs * 2^(n-1)). */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** In [0, 1); full jitter spreads clients that failed together (AWS "Exponential Backoff And Jitter"). */
  readonly random: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly onRetry?: (info: { attempt: number; delayMs: number; error: Error }) => void;
}

/** Statuses worth another try: quota (429) and server trouble. Never 400/401/403/404: the same request fails the same way. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

export function isRetryable(error: unknown): error is HttpStatusError | HttpTransportError {
  if (error instanceof HttpTransportError) return true;
  return error instanceof HttpStatusError && RETRYABLE_STATUSES.has(error.status);
}

/** Delay before attempt `attempt + 1`; a server's Retry-After is a floor, never shortened by jitter. */
export function backoffDelayMs(policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs" | "random">, attempt: number, error: Error): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(policy.random() * cap);
  const floor = error instanceof HttpStatusError && error.retryAfterMs !== undefined ? error.retryAfterMs : 0;
  return Math.max(jittered, floor);
}

/** The error that ended the retries says how many attempts it took, for "incomplete: …, then <error>". */
export class RetriesExhaustedError extends Error {
  override name = "RetriesExhaustedError";
  constructor(
    readonly attempts: number,
    readonly last: HttpStatusError | HttpTransportError,
  ) {
    super(`${last.message} (after ${attempts} attempts)`, { cause: last });
  }
}

export function withRetry(call: JsonCall, policy: RetryPolicy): JsonCall {
  return async (request) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await call(request);
      } catch (error) {
        if (!isRetryable(error) || request.signal?.aborted) throw error;
        if (attempt >= policy.maxAttempts) throw new RetriesExhaustedError(attempt, error);
        const delayMs = backoffDelayMs(policy, attempt, error);
        policy.onRetry?.({ attempt, delayMs, error });
        await policy.sleep(delayMs, request.signal);
      }
    }
  };
}
