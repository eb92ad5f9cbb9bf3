/**
 * Runs a real `gcloud logging read` and log-gardener's Cloud Logging reader against the same loopback
 * fake and checks they select the same entries for the same flags (service api, WARNING and up, the
 * last day). Needs gcloud on PATH; without it, says so and exits 0 (test/cloud-logging-gcloud.test.ts
 * covers the comparison with gcloud's captured request body).
 *
 *   node --import tsx scripts/compare-with-gcloud.ts [--gcloud /path/to/gcloud]
 *
 * gcloud is pointed at the fake through a scratch CLOUDSDK_CONFIG, so the user's configuration is untouched.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openCloudLogging } from "../src/sources/cloud-logging/source.js";
import { comparisonCorpus, startFakeCloudLogging } from "../test/fakes/fake-cloud-logging.js";

const { values } = parseArgs({ options: { gcloud: { type: "string", default: "gcloud" } } });
const gcloud = values.gcloud;

/** Asynchronous on purpose: the fake answers from this same process, so a blocking exec would deadlock. */
function run(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(gcloud, args, { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === "ENOENT") return reject(error);
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

function insertIds(json: string): string[] {
  return (JSON.parse(json) as Array<{ insertId: string }>).map((entry) => entry.insertId);
}

async function main(): Promise<number> {
  try {
    await run(["--version"], process.env);
  } catch {
    process.stdout.write(`${gcloud} is not on PATH: nothing to compare (test/cloud-logging-gcloud.test.ts compares with gcloud's captured request body).\n`);
    return 0;
  }
  const now = Date.now();
  const corpus = comparisonCorpus(now);
  const fake = await startFakeCloudLogging({ entries: corpus.map((row) => row.entry), maxEntriesPerPage: 3 });
  const scratch = mkdtempSync(join(tmpdir(), "lg-gcloud-"));
  try {
    const tokenFile = join(scratch, "token");
    writeFileSync(tokenFile, "fake-token\n");
    const env = { ...process.env, CLOUDSDK_CONFIG: join(scratch, "config"), CLOUDSDK_CORE_DISABLE_PROMPTS: "1" };
    const set = await run(["config", "set", "api_endpoint_overrides/logging", fake.url], env);
    if (set.code !== 0) throw new Error(`gcloud config set failed: ${set.stderr}`);
    const common = ["--project", "p", "--access-token-file", tokenFile, "--format=json"];

    // 1. The way a person (and the process we replace) asks gcloud: a filter plus --freshness.
    const byHand = await run(["logging", "read", 'severity>=WARNING AND resource.labels.service_name="api"', "--freshness", "1d", ...common], env);
    if (byHand.code !== 0) throw new Error(`gcloud logging read failed: ${byHand.stderr}`);
    const gcloudIds = insertIds(byHand.stdout);

    // 2. log-gardener for the same flags: --gcp-project p --service api --min-severity WARNING --since 1d.
    const clock = { now: () => Date.now() };
    const source = openCloudLogging(
      { project: "p", services: ["api"], resourceType: "cloud_run_revision", minSeverity: "WARNING", since: new Date(now - 86_400_000), until: new Date(Date.now() + 1000), endpoint: fake.url, pageSize: 1000, requestsPerMinute: 60, maxAttempts: 3, timeoutMs: 30_000 },
      { getAccessToken: () => Promise.resolve("fake-token"), clock, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), userAgent: "log-gardener/compare" },
    );
    const ourIds: string[] = [];
    let filter = "";
    for await (const item of source) {
      if (item.kind === "entry" && item.entry.kind === "json") ourIds.push(String(item.entry.json.insertId));
      if (item.kind === "end") filter = item.result.filter ?? "";
    }

    // 3. Our exact filter through gcloud, ascending: the same entries in the same order.
    const same = await run(["logging", "read", filter, "--order", "asc", ...common], env);
    if (same.code !== 0) throw new Error(`gcloud logging read (our filter) failed: ${same.stderr}`);
    const gcloudOurFilterIds = insertIds(same.stdout);

    const expected = corpus.filter((row) => row.selected).map((row) => String(row.entry.insertId));
    const sorted = (ids: readonly string[]): string => JSON.stringify([...ids].sort());
    const checks: Array<[string, boolean]> = [
      ["gcloud (filter + --freshness 1d) and log-gardener select the same entries", sorted(gcloudIds) === sorted(ourIds)],
      ["log-gardener selects what the corpus marks as selected", sorted(ourIds) === sorted(expected)],
      ["gcloud with our filter returns our entries in our order", JSON.stringify(gcloudOurFilterIds) === JSON.stringify(ourIds)],
    ];
    process.stdout.write("Requests gcloud and log-gardener sent:\n");
    for (const request of fake.requests) {
      process.stdout.write(`  ${request.status} ${request.userAgent?.split(" ")[0] ?? "?"} ${JSON.stringify(request.body)}\n`);
    }
    process.stdout.write(`\nlog-gardener filter: ${filter}\ngcloud: ${gcloudIds.length} entries, log-gardener: ${ourIds.length}, expected: ${expected.length}\n`);
    for (const [name, ok] of checks) process.stdout.write(`${ok ? "ok  " : "FAIL"} ${name}\n`);
    return checks.every(([, ok]) => ok) ? 0 : 1;
  } finally {
    await fake.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

process.exitCode = await main();
