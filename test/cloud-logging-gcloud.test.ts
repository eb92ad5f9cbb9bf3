/**
 * Our request body against the one gcloud sends for the same flags (captured from gcloud SDK 528.0.0
 * against a loopback fake, REFERENCE.md §1.5). Both bodies go to the same fake, which filters like the
 * API; they must select the same entries. scripts/compare-with-gcloud.ts repeats this with a live gcloud
 * where one is installed.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Severity } from "../src/model/severity.js";
import { openCloudLogging } from "../src/sources/cloud-logging/source.js";
import { comparisonCorpus, manualClock, startFakeCloudLogging, type FakeCloudLogging } from "./fakes/fake-cloud-logging.js";

const NOW = Date.parse("2026-11-01T06:00:00Z");
const DAY_AGO = "2026-10-31T06:00:00Z";
/** gcloud writes its freshness bound with microseconds (seen from SDK 528.0.0 in scripts/compare-with-gcloud.ts). */
const GCLOUD_DAY_AGO = "2026-10-31T06:00:00.000000Z";

/** What `gcloud logging read 'severity>=WARNING AND resource.labels.service_name="api"' --project p` sent (no --limit: pageSize 1000; freshness 1d prepended). */
const GCLOUD_BODY = {
  filter: `timestamp>="${GCLOUD_DAY_AGO}" AND severity>=WARNING AND resource.labels.service_name="api"`,
  orderBy: "timestamp desc",
  pageSize: 1000,
  resourceNames: ["projects/p"],
} as const;

/** The filter a gcloud user writes for `--service S… --min-severity X` (what the replaced process ran), freshness 1d prepended by gcloud. */
function gcloudFilter(services: readonly string[], severity: Severity): string {
  const serviceClause = services.map((s) => `resource.labels.service_name="${s}"`).join(" OR ");
  return `timestamp>="${GCLOUD_DAY_AGO}" AND severity>=${severity} AND ${services.length > 1 ? `(${serviceClause})` : serviceClause}`;
}

/** Pages through entries:list the way gcloud's pager does, following tokens; returns insertIds. */
async function readLikeGcloud(fake: FakeCloudLogging, body: Record<string, unknown>): Promise<string[]> {
  const ids: string[] = [];
  let pageToken: string | undefined;
  do {
    const response = await fetch(`${fake.url}v2/entries:list?alt=json`, {
      method: "POST",
      headers: { authorization: "Bearer fake-token", "content-type": "application/json" },
      body: JSON.stringify({ ...body, ...(pageToken ? { pageToken } : {}) }),
    });
    assert.equal(response.status, 200, await response.clone().text());
    const page = (await response.json()) as { entries?: Array<{ insertId: string }>; nextPageToken?: string };
    ids.push(...(page.entries ?? []).map((e) => e.insertId));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return ids;
}

async function readOurs(fake: FakeCloudLogging, services: readonly string[], minSeverity: Severity): Promise<{ ids: string[]; body: Record<string, unknown> }> {
  const start = fake.requests.length;
  const clock = manualClock(NOW);
  const source = openCloudLogging(
    { project: "p", services, resourceType: "cloud_run_revision", minSeverity, since: new Date(DAY_AGO), until: new Date(NOW), endpoint: fake.url, pageSize: 1000, requestsPerMinute: 60, maxAttempts: 2, timeoutMs: 10_000 },
    { getAccessToken: () => Promise.resolve("fake-token"), clock, sleep: clock.sleep, userAgent: "log-gardener/test" },
  );
  const ids: string[] = [];
  for await (const item of source) {
    if (item.kind === "entry" && item.entry.kind === "json") ids.push(String(item.entry.json.insertId));
    if (item.kind === "end") assert.ok(item.result.completeness.kind === "complete" || item.result.completeness.kind === "no_data");
  }
  return { ids, body: fake.requests[start]?.body as Record<string, unknown> };
}

describe("our entries:list request against gcloud's", () => {
  let fake: FakeCloudLogging;
  const corpus = comparisonCorpus(NOW);
  before(async () => {
    fake = await startFakeCloudLogging({ entries: corpus.map((row) => row.entry), maxEntriesPerPage: 2 });
  });
  after(() => fake.close());

  test("has the same fields, resource names and page size as gcloud's captured body; only the order differs, on purpose", async () => {
    const { body } = await readOurs(fake, ["api"], "WARNING");
    assert.deepEqual(Object.keys(body).sort(), Object.keys(GCLOUD_BODY).sort());
    assert.deepEqual(body.resourceNames, GCLOUD_BODY.resourceNames);
    assert.equal(body.pageSize, GCLOUD_BODY.pageSize);
    assert.equal(body.orderBy, "timestamp asc", "ascending, so an incomplete read covers [since, T] (client.ts)");
  });

  test("selects exactly the entries gcloud selects for --service api --min-severity WARNING over the last day", async () => {
    const gcloud = await readLikeGcloud(fake, GCLOUD_BODY);
    const ours = await readOurs(fake, ["api"], "WARNING");
    const expected = corpus.filter((row) => row.selected).map((row) => String(row.entry.insertId));
    assert.deepEqual([...ours.ids].sort(), [...gcloud].sort());
    assert.deepEqual([...ours.ids].sort(), [...expected].sort());
    assert.deepEqual(ours.ids, [...gcloud].reverse(), "the same entries, in the opposite order");
  });

  const variants: ReadonlyArray<readonly [readonly string[], Severity]> = [
    [["api"], "ERROR"],
    [["api", "web"], "WARNING"],
    [["web"], "ERROR"],
  ];
  for (const [services, severity] of variants) {
    test(`selects the same entries as gcloud's filter for --service ${services.join(" --service ")} --min-severity ${severity}`, async () => {
      const gcloud = await readLikeGcloud(fake, { ...GCLOUD_BODY, filter: gcloudFilter(services, severity) });
      const ours = await readOurs(fake, services, severity);
      assert.ok(ours.ids.length > 0, "the case selects something");
      assert.deepEqual([...ours.ids].sort(), [...gcloud].sort());
    });
  }

  test("gcloud sends our filter through unchanged (it contains timestamp, so no freshness is added) and it selects the same entries", async () => {
    const ours = await readOurs(fake, ["api"], "WARNING");
    const gcloud = await readLikeGcloud(fake, { ...GCLOUD_BODY, filter: ours.body.filter, orderBy: "timestamp asc" });
    assert.deepEqual(ours.ids, gcloud);
  });
});
