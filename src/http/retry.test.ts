import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { HttpStatusError, HttpTransportError, type JsonCall } from "./json-call.js";
import { backoffDelayMs, isRetryable, RetriesExhaustedError, withRetry, type RetryPolicy } from "./retry.js";

function policy(overrides: Partial<RetryPolicy> = {}): RetryPolicy & { slept: number[] } {
  const slept: number[] = [];
  return { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 8000, random: () => 0.999, sleep: (ms) => (slept.push(ms), Promise.resolve()), slept, ...overrides };
}

/** A call that fails with the given errors in order, then answers 200. */
function failing(errors: Error[]): JsonCall & { calls: number } {
  const call = Object.assign(
    async () => {
      call.calls += 1;
      const error = errors.shift();
      if (error) throw error;
      return { status: 200, body: { ok: true } };
    },
    { calls: 0 },
  );
  return call;
}

const REQUEST = { method: "POST", url: "http://127.0.0.1:9/v2/entries:list", headers: {} } as const;

describe("isRetryable", () => {
  const cases: ReadonlyArray<readonly [string, Error, boolean]> = [
    ["429 RESOURCE_EXHAUSTED", new HttpStatusError(429, "RESOURCE_EXHAUSTED", "quota"), true],
    ["500", new HttpStatusError(500, "INTERNAL", "x"), true],
    ["502", new HttpStatusError(502, undefined, "x"), true],
    ["503", new HttpStatusError(503, "UNAVAILABLE", "x"), true],
    ["504", new HttpStatusError(504, "DEADLINE_EXCEEDED", "x"), true],
    ["a network error", new HttpTransportError("network error: ECONNRESET", false), true],
    ["a timeout", new HttpTransportError("request timed out", true), true],
    ["400", new HttpStatusError(400, "INVALID_ARGUMENT", "x"), false],
    ["401", new HttpStatusError(401, "UNAUTHENTICATED", "x"), false],
    ["403", new HttpStatusError(403, "PERMISSION_DENIED", "x"), false],
    ["404", new HttpStatusError(404, "NOT_FOUND", "x"), false],
    ["501", new HttpStatusError(501, "UNIMPLEMENTED", "x"), false],
    ["a bug in our own code", new TypeError("x is undefined"), false],
  ];
  for (const [name, error, expected] of cases) test(`${name} → ${expected ? "retry" : "no retry"}`, () => assert.equal(isRetryable(error), expected));
});

describe("backoffDelayMs", () => {
  test("doubles the cap each attempt up to the maximum, with full jitter below it", () => {
    const p = policy({ random: () => 0.5 });
    const error = new HttpStatusError(503, "UNAVAILABLE", "x");
    assert.deepEqual([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(p, attempt, error)), [500, 1000, 2000, 4000, 4000, 4000]);
  });
  test("full jitter can wait nothing at all", () => assert.equal(backoffDelayMs(policy({ random: () => 0 }), 3, new HttpTransportError("x", false)), 0));
  test("Retry-After is a floor the jitter never undercuts", () => assert.equal(backoffDelayMs(policy({ random: () => 0 }), 1, new HttpStatusError(429, undefined, "x", 30_000)), 30_000));
});

describe("withRetry", () => {
  test("retries retryable failures and returns the eventual answer", async () => {
    const p = policy();
    const call = failing([new HttpStatusError(429, "RESOURCE_EXHAUSTED", "q"), new HttpTransportError("reset", false)]);
    assert.deepEqual(await withRetry(call, p)(REQUEST), { status: 200, body: { ok: true } });
    assert.equal(call.calls, 3);
    assert.deepEqual(p.slept, [999, 1998]);
  });

  test("gives up after maxAttempts and names the last error and the attempts", async () => {
    const p = policy({ maxAttempts: 3 });
    const call = failing([1, 2, 3].map(() => new HttpStatusError(503, "UNAVAILABLE", "try later")));
    await assert.rejects(withRetry(call, p)(REQUEST), (error: unknown) => {
      assert.ok(error instanceof RetriesExhaustedError);
      assert.equal(error.message, "HTTP 503 UNAVAILABLE: try later (after 3 attempts)");
      return true;
    });
    assert.equal(call.calls, 3);
    assert.equal(p.slept.length, 2);
  });

  test("does not retry a 401", async () => {
    const call = failing([new HttpStatusError(401, "UNAUTHENTICATED", "bad token")]);
    await assert.rejects(withRetry(call, policy())(REQUEST), HttpStatusError);
    assert.equal(call.calls, 1);
  });

  test("stops retrying once the caller aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const call = failing([new HttpTransportError("reset", false)]);
    await assert.rejects(withRetry(call, policy())({ ...REQUEST, signal: controller.signal }), HttpTransportError);
    assert.equal(call.calls, 1);
  });

  test("tells onRetry about each retry", async () => {
    const seen: number[] = [];
    const call = failing([new HttpStatusError(500, "INTERNAL", "x")]);
    await withRetry(call, policy({ onRetry: ({ attempt }) => void seen.push(attempt) }))(REQUEST);
    assert.deepEqual(seen, [1]);
  });
});
