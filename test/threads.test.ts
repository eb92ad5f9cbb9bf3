import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { profilingFlags } from "../src/pipeline/prepare-pool.js";
import { openSqliteStateStore } from "../src/state/index.js";
import { childResult, REPO_ROOT, runCli, TSX } from "./run-cli.js";

const SAMPLE = join(REPO_ROOT, "samples/cloud-run/window-1.json");
const scratch = mkdtempSync(join(tmpdir(), "lg-threads-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Reports of one run, with the lines that say when they were generated left out. */
function reports(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) {
    const text = readFileSync(join(dir, name), "utf8");
    files.set(name, text.split("\n").filter((line) => !/generated/i.test(line)).join("\n"));
  }
  return files;
}

/** A traceback a Python service printed to stderr, one entry per line on Cloud Run. */
const TRACEBACK = [
  "Traceback (most recent call last):",
  '  File "/app/routes/orders.py", line 88, in create_order',
  "    db.session.commit()",
  '  File "/usr/local/lib/python3.11/site-packages/pymysql/err.py", line 143, in raise_mysql_exception',
  "    raise errorclass(errno, errval)",
  "sqlalchemy.exc.OperationalError: (pymysql.err.OperationalError) (1364, \"Field 'user_id' doesn't have a default value\")",
];

/**
 * The sample with split tracebacks from two instances spread through it, newest first as gcloud
 * exports: enough of them that their lines straddle the worker batches.
 */
function sampleWithSplitTracebacks(): string {
  const sample = JSON.parse(readFileSync(SAMPLE, "utf8")) as { timestamp: string; resource: unknown; logName: string }[];
  const [first] = sample;
  if (first === undefined) throw new Error("empty sample");
  const lines = [];
  for (let crash = 0; crash < 60; crash += 1) {
    for (const [line, text] of TRACEBACK.entries()) {
      lines.push({
        insertId: `split${String(crash).padStart(3, "0")}${line}`,
        labels: { instanceId: `00a1b2c3instance${crash % 2}` },
        logName: first.logName,
        resource: first.resource,
        textPayload: text,
        timestamp: `2025-09-14T18:${String(crash).padStart(2, "0")}:05.${String(100 + line * 7).padStart(6, "0")}Z`,
      });
    }
  }
  const all = [...sample, ...lines].sort((a, b) => (a.timestamp < b.timestamp ? 1 : a.timestamp > b.timestamp ? -1 : 0));
  return JSON.stringify(all, null, 2);
}

/**
 * Runs the same input at 1 and 2 threads, with one installation secret (so redaction masks hash alike).
 * `parallelAfterEntries`: entries read on the main thread before the worker takes batches (0: from the first).
 */
async function reportsAtOneAndTwoThreads(input: string, parallelAfterEntries = 0): Promise<[Map<string, string>, Map<string, string>]> {
  const work = mkdtempSync(join(scratch, "run-"));
  const config = join(work, "config.json");
  writeFileSync(config, JSON.stringify({ input: { parallelAfterEntries } }));
  const seed = join(work, "seed.db");
  const store = await openSqliteStateStore(seed, { now: () => new Date() });
  await store.installationSecret();
  await store.close();
  const outputs: Map<string, string>[] = [];
  for (const threads of ["1", "2"]) {
    const dir = join(work, `out-${threads}`);
    const state = join(work, `state-${threads}.db`);
    copyFileSync(seed, state);
    const result = await runCli([
      "run", "--input", input, "--out", dir, "--json", join(dir, "report.json"), "--html", join(dir, "report.html"),
      "--assignments", join(dir, "assignments.ndjson"), "--state", state, "--quiet", "--threads", threads, "--config", config,
    ]);
    assert.equal(result.code, 0, result.stderr);
    outputs.push(reports(dir));
  }
  const [one, two] = outputs as [Map<string, string>, Map<string, string>];
  assert.deepEqual([...two.keys()], [...one.keys()]);
  assert.ok(one.size >= 4, [...one.keys()].join(", "));
  for (const [name, text] of one) assert.ok(text === two.get(name), `${name} differs between 1 and 2 threads`);
  return [one, two];
}

describe("worker threads", () => {
  test("1 and 2 threads write the same reports and assignments, byte for byte", async () => {
    const [one] = await reportsAtOneAndTwoThreads(SAMPLE);
    assert.match(one.get("report.json") ?? "", /"fingerprint"/);
  });

  test("workers that take over after 1,000 entries change nothing, byte for byte", async () => {
    await reportsAtOneAndTwoThreads(SAMPLE, 1_000);
  });

  test("split tracebacks are joined alike at 1 and 2 threads, byte for byte", async () => {
    const input = join(mkdtempSync(join(scratch, "split-")), "export.json");
    writeFileSync(input, sampleWithSplitTracebacks());
    const [, two] = await reportsAtOneAndTwoThreads(input);
    const report = JSON.parse(two.get("report.json") ?? "{}") as { totals: { filtered: Record<string, number> }; clusters: { name: string; count: number }[] };
    assert.equal(report.totals.filtered["joined_into_entry"], 60 * (TRACEBACK.length - 1));
    const crashes = report.clusters.filter((cluster) => cluster.name.startsWith("sqlalchemy.exc.OperationalError"));
    assert.deepEqual(crashes.map((cluster) => cluster.count), [60]);
  });

  test("a module the CLI is started with (--import, a .ts one here) is not loaded again in the workers", async () => {
    const work = mkdtempSync(join(scratch, "preload-"));
    const config = join(work, "config.json");
    writeFileSync(config, JSON.stringify({ input: { parallelAfterEntries: 0 } }));
    const log = join(work, "preloads.txt");
    const child = spawn(process.execPath, ["--import", TSX, "--import", join(REPO_ROOT, "test/fixtures/preload-probe.ts"), join(REPO_ROOT, "src/cli/main.ts"),
      "run", "--input", SAMPLE, "--out", join(work, "out"), "--no-state", "--quiet", "--threads", "2", "--config", config,
    ], { cwd: REPO_ROOT, env: { ...process.env, LG_TEST_PRELOAD_LOG: log }, stdio: ["ignore", "pipe", "pipe"] });
    const result = await childResult(child);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(readFileSync(log, "utf8"), "main\n");
  });

  test("a run on 2 threads says how busy each was while reading", async () => {
    const work = mkdtempSync(join(scratch, "busy-"));
    const config = join(work, "config.json");
    writeFileSync(config, JSON.stringify({ input: { parallelAfterEntries: 0 } }));
    const result = await runCli(["run", "--input", SAMPLE, "--out", join(work, "out"), "--no-state", "--threads", "2", "--config", config]);
    assert.equal(result.code, 0, result.stderr);
    const busy = /^log-gardener: read on 2 threads: this one busy <?([\d.]+)%, the worker <?([\d.]+)%$/m.exec(result.stderr);
    assert.ok(busy, result.stderr);
    const [thisThread, worker] = busy.slice(1).map(Number) as [number, number];
    assert.ok(thisThread > 0 && thisThread <= 100, `this thread ${thisThread}%`);
    assert.ok(worker >= 0 && worker <= 100, `the worker ${worker}%`);
    assert.match(result.stderr, /^log-gardener: done in \d+\.\d s: reading \S*window-1\.json \d+\.\d s/m);
  });

  test("node --cpu-prof writes a profile for the worker as well as for the main thread", async () => {
    const work = mkdtempSync(join(scratch, "profile-"));
    const config = join(work, "config.json");
    writeFileSync(config, JSON.stringify({ input: { parallelAfterEntries: 0 } }));
    const profiles = join(work, "profiles");
    const child = spawn(process.execPath, ["--cpu-prof", "--cpu-prof-dir", profiles, "--import", TSX, join(REPO_ROOT, "src/cli/main.ts"),
      "run", "--input", SAMPLE, "--out", join(work, "out"), "--no-state", "--quiet", "--threads", "2", "--config", config,
    ], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    const result = await childResult(child);
    assert.equal(result.code, 0, result.stderr);
    // Node names a profile CPU.<date>.<time>.<pid>.<thread id>.<sequence>.cpuprofile: thread 0 is the main thread
    // (tsx's loader runs threads of its own, which are profiled too)
    const threadsThatPrepared = readdirSync(profiles)
      .filter((name) => (JSON.parse(readFileSync(join(profiles, name), "utf8")) as { nodes: { callFrame: { url: string } }[] }).nodes.some((node) => node.callFrame.url.endsWith("/prepare-worker.ts")))
      .map((name) => /^CPU\.\d+\.\d+\.\d+\.(\d+)\.\d+\.cpuprofile$/.exec(name)?.[1]);
    assert.equal(threadsThatPrepared.length, 1, readdirSync(profiles).join(", "));
    assert.notEqual(threadsThatPrepared[0], "0");
    assert.ok(readdirSync(profiles).some((name) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(name)));
  });

  test("of the parent's flags, the workers get the profiling ones only", () => {
    assert.deepEqual(profilingFlags(["--import", "tsx", "--cpu-prof", "--cpu-prof-dir", "/tmp/p", "--cpu-prof-name", "one.cpuprofile", "--heap-prof-interval=4096", "--max-old-space-size=512"]), [
      "--cpu-prof", "--cpu-prof-dir", "/tmp/p", "--heap-prof-interval=4096",
    ]);
    assert.deepEqual(profilingFlags(["--cpu-prof-dir=/tmp/p", "--cpu-prof"]), ["--cpu-prof-dir=/tmp/p", "--cpu-prof"]);
    assert.deepEqual(profilingFlags(["--import", "x.mjs"]), []);
  });

  for (const wrong of ["0", "two"]) {
    test(`--threads ${wrong} is a one-line usage error`, async () => {
      const result = await runCli(["run", "--input", SAMPLE, "--no-state", "--threads", wrong]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /--threads/);
      assert.equal(result.stderr.trim().split("\n").length, 1);
    });
  }
});
