import type { JsonCall } from "./json-call.js";

export interface QuotaClock {
  now(): number;
}

export interface QuotaLimiter {
  /** Resolves when one more request for `key` (a project) fits in the quota; waits with the injected sleep. */
  acquire(key: string, signal?: AbortSignal): Promise<void>;
}

const WINDOW_MS = 60_000;

/**
 * At most `perMinute` requests per key in any 60 s window: a log of the last `perMinute` start times
 * per key, and a request waits until the oldest is a minute old.
 *
 * Not a plain token bucket of capacity N: that allows a burst of N and then N more refilled within the
 * same minute (2N per minute), and entries.list's 60/min/project quota answers the excess with 429s.
 * The log costs `perMinute` numbers per key and still lets a small read go at full speed.
 */
export function createQuotaLimiter(opts: {
  perMinute: number;
  clock: QuotaClock;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}): QuotaLimiter {
  const startsByKey = new Map<string, number[]>();
  // Waiters for one key go one at a time, so two callers never take the same free slot.
  const tailByKey = new Map<string, Promise<void>>();

  async function take(key: string, signal?: AbortSignal): Promise<void> {
    let starts = startsByKey.get(key);
    if (!starts) {
      starts = [];
      startsByKey.set(key, starts);
    }
    for (;;) {
      const now = opts.clock.now();
      while (starts.length > 0 && (starts[0] ?? 0) <= now - WINDOW_MS) starts.shift();
      if (starts.length < opts.perMinute) {
        starts.push(now);
        return;
      }
      await opts.sleep((starts[0] ?? now) + WINDOW_MS - now, signal);
      signal?.throwIfAborted();
    }
  }

  return {
    acquire(key, signal) {
      const previous = tailByKey.get(key) ?? Promise.resolve();
      const mine = previous.catch(() => undefined).then(() => take(key, signal));
      tailByKey.set(key, mine);
      return mine;
    },
  };
}

/** Every attempt counts against the quota, retries included, so the limiter sits inside the retry loop. */
export function withQuota(call: JsonCall, limiter: QuotaLimiter, key: string): JsonCall {
  return async (request) => {
    await limiter.acquire(key, request.signal);
    return call(request);
  };
}
