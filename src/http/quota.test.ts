import assert from "node:assert/strict";
import { test } from "node:test";
import { createQuotaLimiter } from "./quota.js";

function clock(): { now(): number; sleep(ms: number): Promise<void>; slept: number[] } {
  let now = 1_000_000;
  const slept: number[] = [];
  return { now: () => now, sleep: (ms) => ((now += ms), slept.push(ms), Promise.resolve()), slept };
}

test("lets perMinute requests through at once, then waits until the oldest is a minute old", async () => {
  const c = clock();
  const limiter = createQuotaLimiter({ perMinute: 3, clock: c, sleep: c.sleep });
  for (let i = 0; i < 3; i += 1) await limiter.acquire("p");
  assert.deepEqual(c.slept, []);
  await limiter.acquire("p");
  assert.deepEqual(c.slept, [60_000]);
});

test("never lets more than perMinute through in any 60 s window", async () => {
  const c = clock();
  const limiter = createQuotaLimiter({ perMinute: 5, clock: c, sleep: c.sleep });
  const starts: number[] = [];
  for (let i = 0; i < 23; i += 1) {
    await limiter.acquire("p");
    starts.push(c.now());
    c.sleep(7_000); // requests take a while; the limiter must still hold the line
  }
  for (const start of starts) assert.ok(starts.filter((t) => t >= start && t < start + 60_000).length <= 5);
});

test("counts each project on its own", async () => {
  const c = clock();
  const limiter = createQuotaLimiter({ perMinute: 2, clock: c, sleep: c.sleep });
  await limiter.acquire("p");
  await limiter.acquire("p");
  await limiter.acquire("q");
  await limiter.acquire("q");
  assert.deepEqual(c.slept, []);
});

test("concurrent callers never share a slot", async () => {
  const c = clock();
  const limiter = createQuotaLimiter({ perMinute: 2, clock: c, sleep: c.sleep });
  await Promise.all([limiter.acquire("p"), limiter.acquire("p"), limiter.acquire("p")]);
  assert.deepEqual(c.slept, [60_000]);
});

test("an aborted wait rejects instead of taking a slot", async () => {
  const c = clock();
  const limiter = createQuotaLimiter({ perMinute: 1, clock: c, sleep: c.sleep });
  await limiter.acquire("p");
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(limiter.acquire("p", controller.signal), { name: "AbortError" });
});
