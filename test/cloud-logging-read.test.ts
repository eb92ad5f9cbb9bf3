import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { AuthError } from "../src/model/errors.js";
import type { SourceItem, SourceResult } from "../src/model/source.js";
import { openCloudLogging, type CloudLoggingContext, type CloudLoggingProgress, type CloudLoggingReadOptions } from "../src/sources/cloud-logging/source.js";
import { cloudRunEntry, manualClock, startFakeCloudLogging, type FakeCloudLogging, type FakeLogEntry } from "./fakes/fake-cloud-logging.js";

const SINCE = new Date("2026-11-01T00:00:00Z");
const UNTIL = new Date("2026-11-01T06:00:00Z");

/** `count` ERROR entries for service api, one per second from SINCE, ids e00000…; `sameSecondEvery` puts runs of entries on one timestamp. */
function entries(count: number, opts: { project?: string; sameTimestampRuns?: number } = {}): FakeLogEntry[] {
  const run = opts.sameTimestampRuns ?? 1;
  return Array.from({ length: count }, (_, i) =>
    cloudRunEntry({
      ...(opts.project ? { project: opts.project } : {}),
      insertId: `e${String(i).padStart(5, "0")}`,
      timestamp: new Date(SINCE.getTime() + 1000 * Math.floor(i / run) + 7).toISOString().replace("Z", "123Z"),
    }),
  );
}

function options(fake: { readonly url: string }, overrides: Partial<CloudLoggingReadOptions> = {}): CloudLoggingReadOptions {
  return {
    project: "p",
    services: ["api"],
    resourceType: "cloud_run_revision",
    minSeverity: "WARNING",
    since: SINCE,
    until: UNTIL,
    endpoint: fake.url,
    pageSize: 1000,
    requestsPerMinute: 60,
    maxAttempts: 4,
    timeoutMs: 10_000,
    ...overrides,
  };
}

function context(overrides: Partial<CloudLoggingContext> & { clock?: ReturnType<typeof manualClock> } = {}): CloudLoggingContext & { clock: ReturnType<typeof manualClock>; progress: CloudLoggingProgress[] } {
  const clock = overrides.clock ?? manualClock();
  const progress: CloudLoggingProgress[] = [];
  return {
    getAccessToken: () => Promise.resolve("fake-token"),
    sleep: clock.sleep,
    onProgress: (p) => void progress.push(p),
    userAgent: "log-gardener/0.1.0",
    random: () => 0.5,
    ...overrides,
    clock,
    progress,
  };
}

interface ReadOutcome {
  readonly ids: string[];
  readonly items: SourceItem[];
  readonly result: SourceResult;
}

async function readAll(source: AsyncIterable<SourceItem>): Promise<ReadOutcome> {
  const items: SourceItem[] = [];
  for await (const item of source) items.push(item);
  const last = items.at(-1);
  assert.equal(last?.kind, "end", "the last item is always end");
  const ids = items.flatMap((item) => (item.kind === "entry" && item.entry.kind === "json" ? [String(item.entry.json.insertId)] : []));
  return { ids, items, result: (last as Extract<SourceItem, { kind: "end" }>).result };
}

function expectedIds(fake: FakeCloudLogging, filter: string): string[] {
  return fake.select({ resourceNames: ["projects/p"], filter, orderBy: "timestamp asc" }).map((entry) => String(entry.insertId));
}

describe("reading Cloud Logging page by page", () => {
  let fake: FakeCloudLogging;
  const clock = manualClock();
  before(async () => {
    fake = await startFakeCloudLogging({
      clock,
      maxEntriesPerPage: 300,
      entries: [
        ...entries(2_500),
        cloudRunEntry({ insertId: "other-service", service: "web", timestamp: "2026-11-01T00:10:00Z" }),
        cloudRunEntry({ insertId: "info", severity: "INFO", timestamp: "2026-11-01T00:10:00Z" }),
        cloudRunEntry({ insertId: "before-window", timestamp: "2026-10-31T23:59:59.999999Z" }),
        cloudRunEntry({ insertId: "at-until", timestamp: "2026-11-01T06:00:00Z" }),
        cloudRunEntry({ insertId: "other-project", project: "q", timestamp: "2026-11-01T00:10:00Z" }),
      ],
    });
  });
  after(() => fake.close());

  test("reads every page until no token comes back and yields each matching entry once, in time order", async () => {
    const ctx = context({ clock });
    const { ids, result } = await readAll(openCloudLogging(options(fake), ctx));
    assert.equal(ids.length, 2_500);
    assert.equal(new Set(ids).size, 2_500);
    assert.deepEqual(ids, expectedIds(fake, result.filter ?? ""));
    assert.deepEqual(result.completeness, { kind: "complete" });
    assert.equal(result.entriesRead, 2_500);
    assert.equal(result.pages, 9);
    assert.equal(result.input, "cloud-logging:projects/p");
  });

  test("sends the documented body with a bearer token and the same query on every page", async () => {
    const start = fake.requests.length;
    const { result } = await readAll(openCloudLogging(options(fake), context({ clock })));
    const sent = fake.requests.slice(start);
    assert.equal(sent.length, 9);
    for (const [i, request] of sent.entries()) {
      assert.equal(request.status, 200);
      assert.equal(request.method, "POST");
      assert.equal(request.path, "/v2/entries:list");
      assert.equal(request.authorization, "Bearer fake-token");
      assert.equal(request.userAgent, "log-gardener/0.1.0");
      const body = request.body as Record<string, unknown>;
      assert.deepEqual(Object.keys(body).sort(), i === 0 ? ["filter", "orderBy", "pageSize", "resourceNames"] : ["filter", "orderBy", "pageSize", "pageToken", "resourceNames"]);
      assert.deepEqual(body.resourceNames, ["projects/p"]);
      assert.equal(body.orderBy, "timestamp asc");
      assert.equal(body.pageSize, 1000);
      assert.equal(body.filter, result.filter);
    }
    assert.equal(
      result.filter,
      'resource.type="cloud_run_revision" AND resource.labels.service_name="api" AND severity>=WARNING AND timestamp>="2026-11-01T00:00:00Z" AND timestamp<"2026-11-01T06:00:00Z"',
    );
  });

  test("yields the first page's entries before asking for the second page", async () => {
    const start = fake.requests.length;
    const iterator = openCloudLogging(options(fake), context({ clock }))[Symbol.asyncIterator]();
    const first = await iterator.next();
    assert.equal(first.value?.kind, "entry");
    assert.equal(fake.requests.length - start, 1);
    await iterator.return?.();
  });

  test("reports progress after every page with the last timestamp read", async () => {
    const ctx = context({ clock });
    await readAll(openCloudLogging(options(fake), ctx));
    assert.equal(ctx.progress.length, 9);
    assert.deepEqual(ctx.progress.map((p) => p.pages), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(ctx.progress.at(-1), { entries: 2_500, pages: 9, lastTimestamp: "2026-11-01T00:41:39.007123Z" });
  });

  test("--max-entries stops early and says truncated, with how far it read", async () => {
    const { ids, result } = await readAll(openCloudLogging(options(fake, { maxEntries: 450 }), context({ clock })));
    assert.equal(ids.length, 450);
    assert.deepEqual(result.completeness, { kind: "truncated", reason: "stopped at --max-entries 450", readUntil: "2026-11-01T00:07:29.007123Z" });
  });

  test("--max-entries at or above what the window holds is a complete read", async () => {
    const { ids, result } = await readAll(openCloudLogging(options(fake, { maxEntries: 2_500 }), context({ clock })));
    assert.equal(ids.length, 2_500);
    assert.deepEqual(result.completeness, { kind: "complete" });
  });

  test("a window with nothing in it is no_data, not complete", async () => {
    const { ids, result } = await readAll(
      openCloudLogging(options(fake, { since: new Date("2026-10-01T00:00:00Z"), until: new Date("2026-10-02T00:00:00Z") }), context({ clock })),
    );
    assert.equal(ids.length, 0);
    assert.deepEqual(result.completeness, { kind: "no_data" });
    assert.equal(result.pages, 1);
  });

  test("several projects read as separate sources, each tagged with its project", async () => {
    fake.addEntries(entries(5, { project: "q2" }));
    const [p, q2] = await Promise.all([
      readAll(openCloudLogging(options(fake, { maxEntries: 3 }), context({ clock }))),
      readAll(openCloudLogging(options(fake, { project: "q2" }), context({ clock }))),
    ]);
    assert.equal(p.result.input, "cloud-logging:projects/p");
    assert.equal(q2.result.input, "cloud-logging:projects/q2");
    assert.equal(q2.ids.length, 5);
    const inputs = new Set(q2.items.flatMap((item) => (item.kind === "entry" ? [item.entry.input] : [])));
    assert.deepEqual([...inputs], ["cloud-logging:projects/q2"]);
  });
});

describe("reading through faults", () => {
  async function withFake(fakeEntries: readonly FakeLogEntry[], run: (fake: FakeCloudLogging, clock: ReturnType<typeof manualClock>) => Promise<void>, extra: { maxEntriesPerPage?: number; quotaPerMinute?: number; acceptedTokens?: string[]; deniedProjects?: string[] } = {}): Promise<void> {
    const clock = manualClock();
    const fake = await startFakeCloudLogging({ clock, entries: fakeEntries, maxEntriesPerPage: extra.maxEntriesPerPage ?? 100, ...extra });
    try {
      await run(fake, clock);
    } finally {
      await fake.close();
    }
  }

  test("keeps paging through empty pages that still carry a token", () =>
    withFake(entries(250), async (fake, clock) => {
      fake.fail({ kind: "empty_page" }, { kind: "empty_page" });
      const { ids, result } = await readAll(openCloudLogging(options(fake), context({ clock })));
      assert.equal(ids.length, 250);
      assert.equal(new Set(ids).size, 250);
      assert.deepEqual(result.completeness, { kind: "complete" });
      assert.equal(result.pages, 5);
    }));

  test("an empty first page with a token is not mistaken for no data", () =>
    withFake(entries(30), async (fake, clock) => {
      fake.fail({ kind: "empty_page" });
      const { ids, result } = await readAll(openCloudLogging(options(fake), context({ clock })));
      assert.equal(ids.length, 30);
      assert.deepEqual(result.completeness, { kind: "complete" });
    }));

  test("retries 429, 500, 503 and a dropped connection with backoff, counting each entry once", () =>
    withFake(entries(250), async (fake, clock) => {
      fake.fail(
        { kind: "status", status: 429, message: "Quota exceeded for quota metric 'Read requests'" },
        { kind: "status", status: 500 },
        { kind: "status", status: 503 },
        { kind: "drop_connection" },
      );
      const retries: string[] = [];
      const ctx = context({ clock, onRetry: ({ attempt, delayMs, error }) => void retries.push(`${attempt} ${delayMs} ${error.split(":")[0]}`) });
      const { ids, result } = await readAll(openCloudLogging(options(fake, { maxAttempts: 5, retryBaseDelayMs: 1000, retryMaxDelayMs: 32_000 }), ctx));
      assert.deepEqual(retries, ["1 500 HTTP 429 RESOURCE_EXHAUSTED", "2 1000 HTTP 500 INTERNAL", "3 2000 HTTP 503 UNAVAILABLE", "4 4000 network error"]);
      assert.equal(ids.length, 250);
      assert.equal(new Set(ids).size, 250);
      assert.deepEqual(result.completeness, { kind: "complete" });
      // full jitter with random() = 0.5: half of 1 s, 2 s, 4 s, 8 s
      assert.deepEqual(clock.slept, [500, 1000, 2000, 4000]);
    }));

  test("waits at least as long as a Retry-After header says", () =>
    withFake(entries(10), async (fake, clock) => {
      fake.fail({ kind: "status", status: 429, retryAfterSeconds: 30 });
      const { result } = await readAll(openCloudLogging(options(fake), context({ clock })));
      assert.deepEqual(result.completeness, { kind: "complete" });
      assert.deepEqual(clock.slept, [30_000]);
    }));

  test("a read that still fails keeps what it got and says how far it read", () =>
    withFake(entries(250), async (fake, clock) => {
      const ctx = context({
        clock,
        onProgress: (p) => {
          if (p.pages === 1) fake.fail(...Array.from({ length: 3 }, () => ({ kind: "status", status: 500, message: "Internal error encountered." }) as const));
        },
      });
      const { ids, result } = await readAll(openCloudLogging(options(fake, { maxAttempts: 3 }), ctx));
      assert.equal(ids.length, 100);
      assert.equal(result.entriesRead, 100);
      assert.deepEqual(result.completeness, {
        kind: "query_failed",
        error: "HTTP 500 INTERNAL: Internal error encountered. (after 3 attempts)",
        readUntil: "2026-11-01T00:01:39.007123Z",
      });
    }));

  test("a 400 is not retried and ends the read as query_failed", () =>
    withFake(entries(10), async (fake, clock) => {
      const { result } = await readAll(openCloudLogging(options(fake, { extraFilter: "timeout" }), context({ clock })));
      assert.equal(fake.requests.length, 1);
      assert.equal(result.completeness.kind, "query_failed");
      assert.match(result.completeness.kind === "query_failed" ? result.completeness.error : "", /^HTTP 400 INVALID_ARGUMENT: Unparseable filter/);
    }));

  test("an expired page token restarts at the last timestamp read and still counts each entry once", () =>
    // three entries per timestamp, 100 per page: the page boundary falls inside a run of equal timestamps
    withFake(entries(250, { sameTimestampRuns: 3 }), async (fake, clock) => {
      const ctx = context({ clock, onProgress: (p) => void (p.pages === 1 && clock.advance(25 * 60 * 60 * 1000)) });
      const { ids, result } = await readAll(openCloudLogging(options(fake), ctx));
      assert.equal(ids.length, 250);
      assert.equal(new Set(ids).size, 250);
      assert.deepEqual(result.completeness, { kind: "complete" });
      const expired = fake.requests[1];
      assert.equal(expired?.status, 400);
      const restart = fake.requests[2]?.body as { filter: string; pageToken?: string };
      assert.equal(restart.pageToken, undefined);
      assert.match(restart.filter, /timestamp>="2026-11-01T00:00:33\.007123Z"/);
      assert.equal(result.filter?.includes("00:00:33"), false, "the reported filter is the one the user asked for");
    }));

  test("tokens refused more often than the restart limit end the read as query_failed", () =>
    withFake(entries(250), async (fake, clock) => {
      const ctx = context({ clock, onProgress: () => fake.fail({ kind: "expire_tokens" }) });
      const { result } = await readAll(openCloudLogging(options(fake, { maxQueryRestarts: 0 }), ctx));
      assert.equal(result.completeness.kind, "query_failed");
      assert.match(result.completeness.kind === "query_failed" ? result.completeness.error : "", /page token has expired/);
      assert.equal(result.entriesRead, 100);
    }));

  test("stays within 60 requests a minute: a fake enforcing the quota on the same clock never answers 429", () =>
    withFake(
      entries(1_300),
      async (fake, clock) => {
        const started = clock.now();
        const { ids, result } = await readAll(openCloudLogging(options(fake), context({ clock })));
        assert.equal(ids.length, 1_300);
        assert.deepEqual(result.completeness, { kind: "complete" });
        assert.equal(fake.requests.filter((r) => r.status === 429).length, 0);
        assert.equal(fake.requests.length, 130);
        assert.ok(clock.now() - started >= 2 * 60_000, "130 requests need at least two full minutes");
      },
      { maxEntriesPerPage: 10, quotaPerMinute: 60 },
    ));

  test("refused credentials throw AuthError with one line that says how to fix it", () =>
    withFake(entries(10), async (fake, clock) => {
      const source = openCloudLogging(options(fake), context({ clock, getAccessToken: () => Promise.resolve("stale-token") }));
      const items: SourceItem[] = [];
      await assert.rejects(
        async () => {
          for await (const item of source) items.push(item);
        },
        (error: unknown) => {
          assert.ok(error instanceof AuthError);
          assert.equal(error.exitCode, 2);
          assert.equal(
            error.message,
            "Cloud Logging refused the credentials (401 UNAUTHENTICATED): run 'gcloud auth application-default login' or pass --access-token-file",
          );
          return true;
        },
      );
      assert.deepEqual(items, [], "nothing, not even an end item that could read as 'no errors'");
      assert.equal(fake.requests.length, 1, "401 is not retried");
    }));

  test("a project the account may not read throws AuthError naming the project and role", () =>
    withFake(
      entries(10),
      async (fake, clock) => {
        await assert.rejects(readAll(openCloudLogging(options(fake), context({ clock }))), (error: unknown) => {
          assert.ok(error instanceof AuthError);
          assert.match(error.message, /^Cloud Logging refused access to projects\/p \(403 PERMISSION_DENIED\): the account needs roles\/logging\.viewer/);
          assert.doesNotMatch(error.message, /\n/);
          return true;
        });
      },
      { deniedProjects: ["p"] },
    ));

  test("a token provider that fails throws its AuthError before any request", () =>
    withFake(entries(10), async (fake, clock) => {
      const ctx = context({ clock, getAccessToken: () => Promise.reject(new AuthError("no Google credentials found: run 'gcloud auth application-default login'")) });
      await assert.rejects(readAll(openCloudLogging(options(fake), ctx)), AuthError);
      assert.equal(fake.requests.length, 0);
    }));

  test("an abort ends the read as query_failed: interrupted, keeping what was read", () =>
    withFake(entries(250), async (fake, clock) => {
      const controller = new AbortController();
      const ctx = context({ clock, signal: controller.signal, onProgress: () => controller.abort() });
      const { ids, result } = await readAll(openCloudLogging(options(fake), ctx));
      assert.equal(ids.length, 100);
      assert.equal(result.completeness.kind, "query_failed");
      assert.equal(result.completeness.kind === "query_failed" ? result.completeness.error : "", "interrupted");
    }));
});

test("an entry that is not an object is skipped with its position, and the read goes on", async () => {
  const page = { entries: [{ insertId: "a", timestamp: "2026-11-01T00:00:01Z" }, 42, { insertId: "b", timestamp: "2026-11-01T00:00:02Z" }] };
  const fetchStub: typeof fetch = () => Promise.resolve(new Response(JSON.stringify(page), { status: 200, headers: { "content-type": "application/json" } }));
  const source = openCloudLogging(
    options({ url: "http://127.0.0.1:9/" }),
    context({ fetch: fetchStub }),
  );
  const { items, result } = await readAll(source);
  assert.deepEqual(
    items.map((item) => (item.kind === "entry" ? `entry ${item.entry.position}` : item.kind === "skip" ? `skip ${item.skip.position} ${item.skip.reason}` : "end")),
    ["entry 1", "skip 2 not_an_object", "entry 3", "end"],
  );
  assert.equal(result.entriesRead, 2);
});

describe("answers over cloudLogging.maxResponseBytes", () => {
  const CAP = 64 * 1024;
  /** 2 KB entries, several on some timestamps, so a resumed read has entries to skip. */
  const large = (count: number): FakeLogEntry[] =>
    Array.from({ length: count }, (_, i) =>
      cloudRunEntry({ insertId: `big${String(i).padStart(4, "0")}`, timestamp: new Date(SINCE.getTime() + 1000 * Math.floor(i / 3)).toISOString(), message: `payload ${i} ${"x".repeat(2_000)}` }),
    );

  test("a page over the cap is asked again at half the page size, and every entry is still read once", async () => {
    const fake = await startFakeCloudLogging({ entries: large(200) });
    try {
      const { ids, result } = await readAll(openCloudLogging(options(fake, { maxResponseBytes: CAP }), context()));
      assert.deepEqual(result.completeness, { kind: "complete" });
      assert.equal(ids.length, 200);
      assert.equal(new Set(ids).size, 200);
      assert.deepEqual(ids, expectedIds(fake, result.filter ?? ""));
      const sizes = fake.requests.map((r) => (r.body as { pageSize: number }).pageSize);
      // 1000 → 500 → … halving until a page of ~2.5 KB entries fits in 64 KiB (15), then that size for the rest.
      const settled = sizes.at(-1) ?? 0;
      const first = sizes.indexOf(settled);
      assert.deepEqual(sizes.slice(0, first + 1), [1000, 500, 250, 125, 62, 31, 15].slice(0, first + 1), sizes.join(","));
      assert.ok(first >= 4 && sizes.slice(first).every((s) => s === settled), sizes.join(","));
    } finally {
      await fake.close();
    }
  });

  test("a page that turns out over the cap mid-read resumes from the last timestamp without counting an entry twice", async () => {
    // Small entries first (pages of 1000 fit), then large ones (they do not): the halving happens after a page token.
    const small = Array.from({ length: 1_500 }, (_, i) => cloudRunEntry({ insertId: `s${String(i).padStart(4, "0")}`, timestamp: new Date(SINCE.getTime() + 10 * Math.floor(i / 4)).toISOString() }));
    const later = large(60).map((e, i) => ({ ...e, timestamp: new Date(SINCE.getTime() + 3_600_000 + 1000 * Math.floor(i / 3)).toISOString() }));
    const fake = await startFakeCloudLogging({ entries: [...small, ...later] });
    try {
      const { ids, result } = await readAll(openCloudLogging(options(fake, { maxResponseBytes: 256 * 1024 }), context()));
      assert.deepEqual(result.completeness, { kind: "complete" });
      assert.equal(ids.length, 1_560);
      assert.equal(new Set(ids).size, 1_560);
      assert.deepEqual(ids, expectedIds(fake, result.filter ?? ""));
    } finally {
      await fake.close();
    }
  });

  test("one entry over the cap by itself ends the read as query_failed, keeping what was read and saying why", async () => {
    const fake = await startFakeCloudLogging({
      entries: [
        cloudRunEntry({ insertId: "ok1", timestamp: "2026-11-01T00:00:01Z" }),
        cloudRunEntry({ insertId: "huge", timestamp: "2026-11-01T00:00:02Z", message: "y".repeat(100_000) }),
        cloudRunEntry({ insertId: "ok2", timestamp: "2026-11-01T00:00:03Z" }),
      ],
    });
    try {
      const { ids, result } = await readAll(openCloudLogging(options(fake, { maxResponseBytes: CAP }), context()));
      assert.equal(result.completeness.kind, "query_failed");
      assert.match(result.completeness.kind === "query_failed" ? result.completeness.error : "", /^one entry alone is over cloudLogging\.maxResponseBytes \(65,536 bytes\) even at page size 1$/);
      assert.deepEqual(ids, ["ok1"]);
      assert.equal(fake.requests.at(-1) && (fake.requests.at(-1)?.body as { pageSize: number }).pageSize, 1);
      // Never retried: each size asked once.
      const sizes = fake.requests.map((r) => (r.body as { pageSize: number }).pageSize);
      assert.deepEqual(sizes.filter((s) => s === 1).length, 2, sizes.join(","));
    } finally {
      await fake.close();
    }
  });
});
