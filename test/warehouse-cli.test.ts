/** `log-gardener run --duckdb / --bigquery-table` as a user runs it: flags, exit codes, what the reports say. */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { runCli } from "./run-cli.js";
import { startFakeBigQuery, type FakeBigQuery } from "./fakes/fake-bigquery.js";

const entries = Array.from({ length: 40 }, (_, i) => ({
  insertId: `e${i}`,
  timestamp: new Date(Date.UTC(2026, 10, 1, 10, 0, i)).toISOString(),
  severity: i % 2 === 0 ? "ERROR" : "WARNING",
  resource: { type: "cloud_run_revision", labels: { service_name: "api", revision_name: "api-00001", project_id: "proj-a" } },
  labels: { instanceId: "i-1" },
  jsonPayload: { message: i % 2 === 0 ? `Charge ${i} failed` : `Slow query took ${i * 10} ms` },
  sourceLocation: { file: "app.py", line: String(i % 2 === 0 ? 10 : 20), function: i % 2 === 0 ? "charge" : "query" },
}));

describe("run with a query engine", () => {
  let dir: string;
  let fake: FakeBigQuery;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "lg-warehouse-cli-"));
    writeFileSync(join(dir, "export.ndjson"), entries.map((e) => JSON.stringify(e)).join("\n") + "\n");
    writeFileSync(join(dir, "broken.json"), "[{\"insertId\": \"x\", \n this is not json");
    fake = await startFakeBigQuery({ tables: { "proj-a.logs.run_googleapis_com_stderr": { layout: "sink", entries } } });
  });
  after(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const env = () => ({ BIGQUERY_ACCESS_TOKEN: "fake-token", BIGQUERY_API_URL: fake.url });

  test("--duckdb counts a local export and says it read it completely", async () => {
    const result = await runCli(["run", "--duckdb", "export.ndjson", "--no-state", "--out", "out", "--json", "r.json", "-q"], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(readFileSync(join(dir, "r.json"), "utf8")) as { totals: { kept: number }; clusters: { count: number }[]; sources: { format: string; completeness: { kind: string } }[] };
    assert.equal(report.totals.kept, 40);
    assert.deepEqual(report.clusters.map((c) => c.count).sort(), [20, 20]);
    assert.deepEqual(report.sources.map((s) => [s.format, s.completeness.kind]), [["duckdb", "complete"]]);
  });

  test("--duckdb on a file that is not there is a one-line usage error", async () => {
    const result = await runCli(["run", "--duckdb", "nope.json", "--no-state", "-q"], { cwd: dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /cannot read .*nope\.json: no such file/);
  });

  test("a query DuckDB cannot run is 'query failed': exit 3, the reports still written", async () => {
    const result = await runCli(["run", "--duckdb", "broken.json", "--no-state", "--out", "broken-out", "--json", "broken.json.out", "-q"], { cwd: dir });
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /incomplete read from duckdb:/);
    const worklog = readdirSync(join(dir, "broken-out")).find((name) => name.endsWith(".md")) ?? "";
    assert.match(readFileSync(join(dir, "broken-out", worklog), "utf8"), /query failed/);
  });

  test("--bigquery-table states the bytes processed and the job id in the worklog and the JSON", async () => {
    const result = await runCli(["run", "--bigquery-table", "proj-a.logs.run_googleapis_com_stderr", "--since", "2026-11-01T09:00:00Z", "--until", "2026-11-01T11:00:00Z", "--no-state", "--out", "bq", "--json", "bq.json", "-q"], { cwd: dir, env: env() });
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(readFileSync(join(dir, "bq.json"), "utf8")) as { totals: { kept: number }; sources: { bytesProcessed: number | null; jobId: string | null }[] };
    assert.equal(report.totals.kept, 40);
    const source = report.sources[0];
    assert.ok((source?.bytesProcessed ?? 0) > 0);
    assert.match(source?.jobId ?? "", /^job_[0-9a-f]+, job_[0-9a-f]+$/, "the groups job and the co-occurrence job");
    const worklog = readdirSync(join(dir, "bq")).find((name) => name.endsWith(".md")) ?? "";
    assert.match(readFileSync(join(dir, "bq", worklog), "utf8"), /complete \(40 entries, [\d.]+ KiB processed, job `job_/);
  });

  test("a failed BigQuery job is exit 3 with BigQuery's message in the report", async () => {
    fake.fail({ kind: "job_error", status: 400, reason: "accessDenied", message: "Access Denied: Table proj-a:logs.run_googleapis_com_stderr: User does not have permission" });
    const result = await runCli(["run", "--bigquery-table", "proj-a.logs.run_googleapis_com_stderr", "--no-state", "--out", "bq-fail", "--json", "bq-fail.json", "-q"], { cwd: dir, env: env() });
    assert.equal(result.code, 3, result.stderr);
    const report = JSON.parse(readFileSync(join(dir, "bq-fail.json"), "utf8")) as { complete: boolean; sources: { completeness: { kind: string; error?: string } }[] };
    assert.equal(report.complete, false);
    assert.equal(report.sources[0]?.completeness.kind, "query_failed");
    assert.match(report.sources[0]?.completeness.error ?? "", /Access Denied/);
  });

  test("a malformed table name is a usage error", async () => {
    const result = await runCli(["run", "--bigquery-table", "just-a-table", "--no-state", "-q"], { cwd: dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--bigquery-table takes PROJECT\.DATASET\.TABLE/);
  });
});
