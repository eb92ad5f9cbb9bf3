/** `log-gardener run --gcp-project …` end to end against the fake entries:list, as a user runs it. */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { cloudRunEntry, startFakeCloudLogging, type FakeCloudLogging } from "./fakes/fake-cloud-logging.js";
import { runCli } from "./run-cli.js";

const SINCE = "2026-11-01T00:00:00Z";
const UNTIL = "2026-11-01T06:00:00Z";
let fake: FakeCloudLogging;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "lg-cli-cloud-"));
  writeFileSync(join(dir, "token"), "fake-token\n");
  writeFileSync(join(dir, "stale-token"), "stale\n");
  // Tight retries so a failing read ends quickly; the quota stays at its default.
  writeFileSync(join(dir, "config.yaml"), "cloudLogging:\n  maxAttempts: 2\n  retryBaseDelayMs: 1\n  retryMaxDelayMs: 1\n");
  const entries = Array.from({ length: 1_200 }, (_, i) =>
    cloudRunEntry({
      insertId: `e${i}`,
      severity: i % 3 === 0 ? "WARNING" : "ERROR",
      timestamp: new Date(Date.parse(SINCE) + i * 10_000).toISOString(),
      message: i % 2 === 0 ? `Database connection to db-${i % 5} timed out after ${100 + i} ms` : `User u${i} not found in tenant t${i % 7}`,
    }),
  );
  fake = await startFakeCloudLogging({ entries, maxEntriesPerPage: 500 });
});
after(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function runRun(args: readonly string[]) {
  return runCli(["run", ...args], { env: { NO_COLOR: "1" } });
}

function common(out: string, token = "token"): string[] {
  return ["--gcp-project", "p", "--service", "api", "--access-token-file", join(dir, token), "--logging-endpoint", fake.url, "--since", SINCE, "--until", UNTIL, "--config", join(dir, "config.yaml"), "--out", out, "--no-state", "--quiet"];
}

interface JsonReport {
  complete: boolean;
  query: { filters: string[] };
  sources: Array<{ input: string; format: string; entriesRead: number; pages: number; filter: string; completeness: { kind: string; error?: string; reason?: string; readUntil?: string | null } }>;
  totals: { read: number; kept: number };
}

test("reads the window from the API, counts every entry once and writes the filter into the worklog and JSON", async () => {
  const out = join(dir, "ok");
  const result = await runRun([...common(out), "--json", join(out, "r.json")]);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(readFileSync(join(out, "r.json"), "utf8")) as JsonReport;
  assert.equal(report.complete, true);
  assert.equal(report.sources.length, 1);
  const source = report.sources[0];
  assert.deepEqual([source?.input, source?.format, source?.entriesRead, source?.pages, source?.completeness.kind], ["cloud-logging:projects/p", "cloud-logging", 1_200, 3, "complete"]);
  assert.equal(report.totals.read, 1_200);
  assert.equal(report.totals.kept, 1_200);
  const filter = 'resource.type="cloud_run_revision" AND resource.labels.service_name="api" AND severity>=WARNING AND timestamp>="2026-11-01T00:00:00Z" AND timestamp<"2026-11-01T06:00:00Z"';
  assert.deepEqual(report.query.filters, [filter]);
  const worklog = readdirSync(out).find((name) => name.endsWith(".md"));
  assert.ok(worklog, "a worklog is written");
  assert.ok(readFileSync(join(out, worklog), "utf8").includes(filter), "the worklog shows the exact filter");
  const bodies = fake.requests.filter((r) => r.status === 200).map((r) => r.body as { filter: string });
  assert.ok(bodies.every((b) => b.filter === filter));
});

test("refused credentials: one line that says how to fix it, exit 2, and no report", async () => {
  const out = join(dir, "refused");
  const result = await runRun([...common(out, "stale-token"), "--json", join(out, "r.json")]);
  assert.equal(result.code, 2);
  assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
  assert.match(result.stderr, /Cloud Logging refused the credentials \(401 UNAUTHENTICATED\): run 'gcloud auth application-default login' or pass --access-token-file/);
  assert.equal(existsSync(join(out, "r.json")), false);
  assert.equal(existsSync(out) && readdirSync(out).some((name) => name.endsWith(".md")), false);
});

test("a read that fails part-way writes a report that says what it did not read", async () => {
  const out = join(dir, "failed");
  // first page served (500 entries), then the second fails on both attempts
  fake.fail({ kind: "serve" }, ...Array.from({ length: 2 }, () => ({ kind: "status", status: 503, message: "The service is currently unavailable." }) as const));
  const result = await runRun([...common(out), "--json", join(out, "r.json")]);
  assert.notEqual(result.code, 2, result.stderr);
  const report = JSON.parse(readFileSync(join(out, "r.json"), "utf8")) as JsonReport;
  assert.equal(report.complete, false);
  assert.equal(report.sources[0]?.entriesRead, 500);
  assert.deepEqual(report.sources[0]?.completeness, {
    kind: "query_failed",
    error: "HTTP 503 UNAVAILABLE: The service is currently unavailable. (after 2 attempts)",
    readUntil: "2026-11-01T01:23:10.000Z",
  });
  const worklog = readdirSync(out).find((name) => name.endsWith(".md")) ?? "";
  assert.match(readFileSync(join(out, worklog), "utf8"), /incomplete: read 500 entries up to .*, then query failed: HTTP 503 UNAVAILABLE/);
});

test("takes the token and endpoint from the environment, and --max-entries says the read was cut short", async () => {
  const out = join(dir, "env");
  const result = await runCli(
    ["run", "--gcp-project", "p", "--since", SINCE, "--until", UNTIL, "--max-entries", "700", "--out", out, "--json", join(out, "r.json"), "--no-state", "--quiet"],
    { env: { CLOUD_LOGGING_ACCESS_TOKEN: "fake-token", CLOUD_LOGGING_API_URL: fake.url } },
  );
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(readFileSync(join(out, "r.json"), "utf8")) as JsonReport;
  assert.equal(report.complete, false);
  assert.equal(report.sources[0]?.entriesRead, 700);
  assert.deepEqual(report.sources[0]?.completeness, { kind: "truncated", reason: "stopped at --max-entries 700", readUntil: "2026-11-01T01:56:30.000Z" });
});
