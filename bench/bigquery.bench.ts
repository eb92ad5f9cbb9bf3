/**
 * Counting in the engine against streaming, whole-process: DuckDB generates Cloud Run LogEntry rows
 * (Parquet, in a temporary directory; ten templates in ten code locations, three services, four
 * revisions, forty instances, ids, durations and IPs varied per row, three rows a trace) and writes the
 * first `--streamed` of them as NDJSON too, newest first as a gcloud export is. Then `log-gardener run` runs in a child process on:
 *   - the NDJSON, streamed (--input): the baseline, at a size streaming can do;
 *   - the same NDJSON through DuckDB (--duckdb);
 *   - Parquet through DuckDB at the streamed size and at `--rows` (10× by default),
 * printing wall time, rows/s and peak RSS (VmHWM polled from /proc; DuckDB runs inside the process, so
 * its memory is in the figure), and whether the counted run found the streamed run's problems.
 *
 *   npm run bench:bigquery [-- --rows 10000000 --streamed 1000000] [-- --keep]
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import { runMeasuredChild } from "./measured-child.js";

const { values: flags } = parseArgs({
  options: {
    rows: { type: "string", default: "10000000" },
    streamed: { type: "string", default: "1000000" },
    keep: { type: "boolean", default: false },
  },
});
const rows = Number(flags.rows);
const streamed = Number(flags.streamed);
if (!Number.isInteger(rows) || !Number.isInteger(streamed) || streamed <= 0 || rows < streamed) throw new Error("--rows and --streamed must be positive integers, rows ≥ streamed");

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const work = mkdtempSync(join(tmpdir(), "lg-bench-bq-"));

/** One hour of logs whatever the size: rates grow with the rows, the window does not. */
const rowsSql = (n: number) => `
SELECT
  'id-' || i AS insertId,
  strftime(TIMESTAMPTZ '2025-09-14 10:00:00+00' + to_microseconds(CAST(i * 3600000000 // ${n} AS BIGINT)), '%Y-%m-%dT%H:%M:%S.%fZ') AS "timestamp",
  CASE i % 10 WHEN 0 THEN 'CRITICAL' WHEN 1 THEN 'ERROR' WHEN 2 THEN 'ERROR' WHEN 3 THEN 'ERROR' ELSE 'WARNING' END AS severity,
  'projects/bench/logs/run.googleapis.com%2Fstderr' AS logName,
  {'type': 'cloud_run_revision', 'labels': {'service_name': 'svc-' || (i % 3), 'revision_name': 'svc-' || (i % 3) || '-0000' || (i % 4), 'project_id': 'bench', 'location': 'us-central1'}} AS resource,
  {'instanceId': 'instance-' || (hash(i // 7) % 40)} AS labels,
  'projects/bench/traces/' || md5(CAST(i // 3 AS VARCHAR)) AS trace,
  {
    'message': CASE i % 10
      WHEN 0 THEN 'Payment ' || (hash(i) % 1000000) || ' failed for user u' || (hash(i * 7) % 5000) || ': card declined'
      WHEN 1 THEN 'Timeout after ' || (hash(i) % 30000) || ' ms calling http://10.0.' || (i % 255) || '.' || (i % 7) || ':8080/api'
      WHEN 2 THEN 'Database connection lost: pool exhausted (' || (hash(i) % 64) || '/64 in use)'
      WHEN 3 THEN 'Failed to refresh token cache: Timeout connecting to redis at 10.1.' || (i % 9) || '.4:6379'
      WHEN 4 THEN 'Slow request ' || md5(CAST(i AS VARCHAR)) || ' took ' || (hash(i) % 9000) || ' ms'
      WHEN 5 THEN 'Cache miss for key ''session:' || (hash(i) % 100000) || ''''
      WHEN 6 THEN 'Retrying job ' || uuid() || ' (attempt ' || (i % 5) || ')'
      WHEN 7 THEN 'WebSocket closed with code 1011 for connection main_' || substr(md5(CAST(i AS VARCHAR)), 1, 8)
      WHEN 8 THEN 'Rate limit exceeded for tenant t' || (hash(i) % 300) || ': ' || (hash(i * 3) % 1000) || ' requests/min'
      ELSE 'Deprecated config key ''legacy_mode'' used by worker ' || (i % 16)
    END,
    'user_id': 'u' || (hash(i * 7) % 5000)
  } AS jsonPayload,
  {'file': 'app/module_' || (i % 10) || '.py', 'line': CAST(100 + 10 * (i % 10) AS VARCHAR), 'function': 'handler_' || (i % 10)} AS sourceLocation
FROM range(${n}) t(i)`;

async function generate(): Promise<{ parquetSmall: string; parquetLarge: string; ndjson: string; seconds: number }> {
  const started = process.hrtime.bigint();
  const instance = await DuckDBInstance.create(":memory:");
  const db = await instance.connect();
  const parquetSmall = join(work, `rows-${streamed}.parquet`);
  const parquetLarge = join(work, `rows-${rows}.parquet`);
  const ndjson = join(work, `rows-${streamed}.ndjson`);
  await db.run(`COPY (${rowsSql(streamed)}) TO '${parquetSmall}' (FORMAT parquet)`);
  // Newest first, as `gcloud logging read` writes an export (the order the counted path mines samples in).
  await db.run(`COPY (SELECT * FROM read_parquet('${parquetSmall}') ORDER BY "timestamp" DESC) TO '${ndjson}' (FORMAT json)`);
  await db.run(`COPY (${rowsSql(rows)}) TO '${parquetLarge}' (FORMAT parquet)`);
  db.closeSync();
  instance.closeSync();
  return { parquetSmall, parquetLarge, ndjson, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

interface RunFigures {
  readonly seconds: number;
  readonly peakKiB: number | undefined;
  readonly problems: Map<string, number>;
  readonly kept: number;
}

async function runCli(name: string, source: readonly string[]): Promise<RunFigures> {
  const json = join(work, `${name}.json`);
  const { seconds, peakKiB, code, stderr } = await runMeasuredChild(
    ["--import", "tsx", join(root, "src/cli/main.ts"), "run", ...source, "--out", join(work, name), "--json", json, "--no-state", "--quiet"],
    { cwd: root },
  );
  if (code !== 0) throw new Error(`${name} failed (exit ${code}): ${stderr}`);
  const report = JSON.parse(readFileSync(json, "utf8")) as { totals: { kept: number }; clusters: { fingerprint: string; count: number }[] };
  return { seconds, peakKiB, kept: report.totals.kept, problems: new Map(report.clusters.map((c) => [c.fingerprint, c.count])) };
}

const mib = (kib: number | undefined) => (kib === undefined ? "?" : `${(kib / 1024).toFixed(0)} MiB`);
const generated = await generate();
process.stdout.write(
  `generated ${rows.toLocaleString("en")} rows (${(statSync(generated.parquetLarge).size / 2 ** 20).toFixed(0)} MiB Parquet) and ${streamed.toLocaleString("en")} (${(statSync(generated.ndjson).size / 2 ** 20).toFixed(0)} MiB NDJSON) in ${generated.seconds.toFixed(1)} s\n\n`,
);
const cases: [string, number, readonly string[]][] = [
  ["streaming --input NDJSON", streamed, ["--input", generated.ndjson]],
  ["--duckdb NDJSON", streamed, ["--duckdb", generated.ndjson]],
  ["--duckdb Parquet", streamed, ["--duckdb", generated.parquetSmall]],
  ["--duckdb Parquet", rows, ["--duckdb", generated.parquetLarge]],
];
const results: RunFigures[] = [];
process.stdout.write(`${"run".padEnd(26)} ${"rows".padStart(12)} ${"time".padStart(9)} ${"rows/s".padStart(11)} ${"peak RSS".padStart(9)}  problems\n`);
for (const [name, n, args] of cases) {
  const figures = await runCli(`run-${results.length}`, args);
  const baseline = results[0];
  const same = baseline === undefined ? "" : n === streamed ? (JSON.stringify([...figures.problems].sort()) === JSON.stringify([...baseline.problems].sort()) && figures.kept === baseline.kept ? " (= streaming)" : " (DIFFERENT from streaming)") : "";
  results.push(figures);
  process.stdout.write(
    `${name.padEnd(26)} ${n.toLocaleString("en").padStart(12)} ${`${figures.seconds.toFixed(1)} s`.padStart(9)} ${Math.round(n / figures.seconds).toLocaleString("en").padStart(11)} ${mib(figures.peakKiB).padStart(9)}  ${figures.problems.size}${same}\n`,
  );
}
const [stream, , small, large] = results as [RunFigures, RunFigures, RunFigures, RunFigures];
process.stdout.write(
  `\nDuckDB Parquet vs streaming at ${streamed.toLocaleString("en")} rows: ${(stream.seconds / small.seconds).toFixed(1)}× faster, ${((small.peakKiB ?? 0) / (stream.peakKiB ?? 1)).toFixed(2)}× the peak RSS\n` +
    `DuckDB Parquet at ${(rows / streamed).toFixed(0)}× the rows: ${(large.seconds / small.seconds).toFixed(1)}× the time, ${((large.peakKiB ?? 0) / (small.peakKiB ?? 1)).toFixed(2)}× the peak RSS\n`,
);
if (flags.keep) process.stdout.write(`files in ${work}\n`);
else rmSync(work, { recursive: true, force: true });
