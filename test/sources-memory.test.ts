import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const CHILD = fileURLToPath(new URL("./fixtures/memory-child.ts", import.meta.url));
const run = promisify(execFile);

interface ChildReport {
  readonly entries: number;
  readonly skips: number;
  readonly completeness: string;
  readonly generatedBytes: number;
  readonly maxRssBytes: number;
}

async function readInChild(layout: "gcloud" | "minified" | "ndjson", entries: number): Promise<ChildReport> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", CHILD, layout, String(entries)], { maxBuffer: 1024 * 1024 });
  return JSON.parse(stdout) as ChildReport;
}

/**
 * Peak RSS may grow by this much between reading 2,000 entries and reading hundreds of thousands.
 * Measured growth on a 240 MB gcloud export: ~20 MiB; the bound leaves room for GC timing, and stays
 * far below the size of the data, so an input held whole in memory fails it.
 */
const ALLOWED_GROWTH = 48 * 1024 * 1024;

test("streams a generated export of 200,000 entries (gcloud layout) and 80,000 (streaming parser) in bounded memory", async () => {
  const [baseline, gcloud, minified] = await Promise.all([readInChild("gcloud", 2_000), readInChild("gcloud", 200_000), readInChild("minified", 80_000)]);
  assert.equal(gcloud.entries, 200_000);
  assert.equal(minified.entries, 80_000);
  assert.deepEqual([gcloud.skips, minified.skips, gcloud.completeness, minified.completeness], [0, 0, "complete", "complete"]);
  assert.ok(gcloud.generatedBytes > 4 * ALLOWED_GROWTH, "the export is much larger than the allowed growth");
  assert.ok(minified.generatedBytes > 1.5 * ALLOWED_GROWTH, "the minified export is larger than the allowed growth");
  const gcloudGrowth = gcloud.maxRssBytes - baseline.maxRssBytes;
  const minifiedGrowth = minified.maxRssBytes - baseline.maxRssBytes;
  assert.ok(gcloudGrowth < ALLOWED_GROWTH, `gcloud layout: peak RSS grew by ${(gcloudGrowth / 2 ** 20).toFixed(1)} MiB over ${(gcloud.generatedBytes / 1e6).toFixed(0)} MB`);
  assert.ok(minifiedGrowth < ALLOWED_GROWTH, `streaming parser: peak RSS grew by ${(minifiedGrowth / 2 ** 20).toFixed(1)} MiB over ${(minified.generatedBytes / 1e6).toFixed(0)} MB`);
});
