/** The fake answers like the documented API, so tests that pass against it mean something. */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { cloudRunEntry, parseFilter, startFakeCloudLogging, timestampNanos, type FakeCloudLogging } from "./fakes/fake-cloud-logging.js";

let fake: FakeCloudLogging;
before(async () => {
  fake = await startFakeCloudLogging({
    entries: Array.from({ length: 120 }, (_, i) => cloudRunEntry({ insertId: `e${String(i).padStart(3, "0")}`, timestamp: new Date(Date.UTC(2026, 10, 1, 0, 0, i)).toISOString() })),
  });
});
after(() => fake.close());

const VALID = { resourceNames: ["projects/p"], filter: 'severity>=ERROR', orderBy: "timestamp asc", pageSize: 10 };

/** Either shape the API answers with; each test reads the one its status implies. */
interface Answer {
  readonly error: { readonly code: number; readonly message: string; readonly status: string };
  readonly entries: readonly unknown[];
  readonly nextPageToken?: string;
}

async function post(body: unknown, init: { auth?: string | null; path?: string; method?: string; contentType?: string } = {}): Promise<{ status: number; json: Answer }> {
  const headers: Record<string, string> = { "content-type": init.contentType ?? "application/json" };
  if (init.auth !== null) headers.authorization = init.auth ?? "Bearer fake-token";
  const response = await fetch(`${fake.url}${init.path ?? "v2/entries:list"}`, {
    method: init.method ?? "POST",
    headers,
    ...(init.method === "GET" ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Answer };
}

describe("request validation", () => {
  const cases: ReadonlyArray<readonly [string, unknown, Parameters<typeof post>[1], number, string, RegExp]> = [
    ["no Authorization header", VALID, { auth: null }, 401, "UNAUTHENTICATED", /missing required authentication credential/],
    ["a token it did not issue", VALID, { auth: "Bearer other" }, 401, "UNAUTHENTICATED", /invalid authentication credentials/],
    ["a non-bearer scheme", VALID, { auth: "Basic abc" }, 401, "UNAUTHENTICATED", /invalid authentication credentials/],
    ["a wrong path", VALID, { path: "v2/entries:lst" }, 404, "NOT_FOUND", /not found/],
    ["GET", VALID, { method: "GET" }, 404, "NOT_FOUND", /not supported/],
    ["a body that is not JSON", "{", {}, 400, "INVALID_ARGUMENT", /Invalid JSON payload/],
    ["a non-JSON content type", VALID, { contentType: "text/plain" }, 400, "INVALID_ARGUMENT", /JSON content type/],
    ["an unknown field", { ...VALID, limit: 5 }, {}, 400, "INVALID_ARGUMENT", /Unknown name "limit": Cannot find field/],
    ["no resource names", { ...VALID, resourceNames: [] }, {}, 400, "INVALID_ARGUMENT", /at least one resource name/],
    ["a malformed resource name", { ...VALID, resourceNames: ["p"] }, {}, 400, "INVALID_ARGUMENT", /invalid resource name "p"/],
    ["more than 100 resource names", { ...VALID, resourceNames: Array.from({ length: 101 }, (_, i) => `projects/p${i}`) }, {}, 400, "INVALID_ARGUMENT", /at most 100/],
    ["pageSize above 1000", { ...VALID, pageSize: 1001 }, {}, 400, "INVALID_ARGUMENT", /page_size must be between 0 and 1000/],
    ["a negative pageSize", { ...VALID, pageSize: -1 }, {}, 400, "INVALID_ARGUMENT", /page_size/],
    ["a fractional pageSize", { ...VALID, pageSize: 1.5 }, {}, 400, "INVALID_ARGUMENT", /TYPE_INT32/],
    ["an unsupported orderBy", { ...VALID, orderBy: "insertId asc" }, {}, 400, "INVALID_ARGUMENT", /only "timestamp asc" and "timestamp desc"/],
    ["a filter over 20,000 characters", { ...VALID, filter: `textPayload:"${"x".repeat(20_000)}"` }, {}, 400, "INVALID_ARGUMENT", /at most 20000/],
    ["a lower-case operator", { ...VALID, filter: "severity>=ERROR and timestamp>=\"2026-01-01T00:00:00Z\"" }, {}, 400, "INVALID_ARGUMENT", /Unparseable filter/],
    ["a page token it never issued", { ...VALID, pageToken: "made-up" }, {}, 400, "INVALID_ARGUMENT", /Invalid page token/],
  ];
  for (const [name, body, init, status, apiStatus, message] of cases) {
    test(`${name} → ${status} ${apiStatus} in Google's error shape`, async () => {
      const response = await post(body, init);
      assert.equal(response.status, status);
      assert.deepEqual(Object.keys(response.json.error).sort(), ["code", "message", "status"]);
      assert.equal(response.json.error.code, status);
      assert.equal(response.json.error.status, apiStatus);
      assert.match(response.json.error.message, message);
    });
  }
});

describe("paging", () => {
  test("pageSize 0 means the default of 50", async () => {
    const response = await post({ resourceNames: ["projects/p"] });
    assert.equal(response.json.entries.length, 50);
    assert.equal(typeof response.json.nextPageToken, "string");
  });

  test("the last page has no token and an empty result has no entries key", async () => {
    const last = await post({ resourceNames: ["projects/p"], filter: 'timestamp>="2026-11-01T00:01:55Z"', pageSize: 10 });
    assert.deepEqual([last.json.entries.length, "nextPageToken" in last.json], [5, false]);
    const none = await post({ resourceNames: ["projects/p"], filter: 'timestamp>="2026-12-01T00:00:00Z"' });
    assert.deepEqual(none.json, {});
  });

  test("a token is refused with a different filter than the one that returned it", async () => {
    const first = await post(VALID);
    const again = await post({ ...VALID, filter: "severity>=WARNING", pageToken: first.json.nextPageToken });
    assert.equal(again.status, 400);
    assert.match(again.json.error.message, /must be the same/);
  });

  test("accepts gcloud's ?alt=json", async () => {
    const response = await post(VALID, { path: "v2/entries:list?alt=json" });
    assert.equal(response.status, 200);
  });
});

describe("the query language subset", () => {
  const entry = cloudRunEntry({ insertId: "x", service: "api", severity: "ERROR", timestamp: "2026-11-01T00:00:00.5Z", message: "Connection Timeout" });
  const cases: ReadonlyArray<readonly [string, boolean]> = [
    ['resource.type="cloud_run_revision"', true],
    ['resource.labels.service_name="web"', false],
    ["severity>=WARNING", true],
    ["severity>=CRITICAL", false],
    ["severity=error", true],
    ['timestamp>="2026-11-01T00:00:00.499999999Z"', true],
    ['timestamp>="2026-11-01T00:00:00.500000001Z"', false],
    ['timestamp<"2026-11-01T01:00:00+01:00"', false],
    ['textPayload:"timeout"', true],
    ['textPayload=~"^Conn"', true],
    ['NOT resource.labels.service_name="api"', false],
    ['-resource.labels.service_name="web"', true],
    // OR binds tighter than AND in the Logging query language
    ['severity>=CRITICAL OR resource.labels.service_name="api" AND textPayload:"nope"', false],
    ['(severity>=CRITICAL OR resource.labels.service_name="api") textPayload:"timeout"', true],
    ["jsonPayload.missing=1", false],
  ];
  for (const [filter, matches] of cases) test(`${filter} → ${matches}`, () => assert.equal(parseFilter(filter)(entry), matches));

  test("timestamps compare to the nanosecond, whatever the zone", () => {
    assert.equal(timestampNanos("2026-11-01T01:00:00.000000001+01:00"), timestampNanos("2026-11-01T00:00:00.000000001Z"));
    assert.equal((timestampNanos("2026-11-01T00:00:00.000000002Z") ?? 0n) - (timestampNanos("2026-11-01T00:00:00.000000001Z") ?? 0n), 1n);
  });
});
