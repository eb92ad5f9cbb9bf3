/**
 * Whole-pipeline benchmark: writes a generated Cloud Run export (gcloud `--format=json` layout, ids,
 * durations and timestamps varied per entry, never one entry repeated) to a temporary file, streaming,
 * then, on that same file, in child processes (state in the temporary directory, so the repository's
 * own state is never touched):
 *
 * - the parse-only floor: the same splitter and `JSON.parse` per element, nothing else (bench/parse-floor.ts);
 * - `log-gardener run` with `--threads 1`, and with every core (`--threads` = available cores);
 *
 * and prints entries/s of each, the run's ratio to the single-thread floor, each child's peak RSS
 * (VmHWM polled from /proc; /usr/bin/time is not everywhere), and, in-process, the main thread's live
 * heap after a full collection (bench/memory-probe.mjs): what the run holds, apart from garbage and
 * from native memory. Several sizes show whether memory stays flat. The machine is shared, so the
 * figures that count are the ratios within one run.
 *
 *   npm run bench [-- --entries 250000,1000000] [-- --keep]
 *
 * Peak RSS follows the live heap (V8 grows the heap to a multiple of what survives a full collection;
 * bin/log-gardener.js caps that growth at 1.5×), so what is held per entry or per open trace lives in
 * typed arrays off the heap.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runMeasuredChild, type ChildRun } from "./measured-child.js";
import { gcloudJsonElement, SAMPLE_SEED, streamCloudRunExport } from "../samples/generator/index.js";

const { values: flags } = parseArgs({
  options: {
    entries: { type: "string", default: "250000,1000000" },
    keep: { type: "boolean", default: false },
  },
});
const sizes = flags.entries.split(",").map(Number);
if (sizes.some((size) => !Number.isInteger(size) || size <= 0)) throw new Error(`--entries takes positive whole numbers (comma-separated), got ${flags.entries}`);

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const work = mkdtempSync(join(tmpdir(), "lg-bench-"));
const input = join(work, "export.json");

/** ~50 entries a minute at scale 1; scale 20 spreads a million entries over about 17 hours. */
const SCALE = 20;
/** Write in chunks of about this many bytes, so the generator never holds the file. */
const CHUNK_BYTES = 1 << 20;

function generate(wanted: number): { entries: number; bytes: number; seconds: number } {
  const started = process.hrtime.bigint();
  const fd = openSync(input, "w");
  let chunk = "[\n";
  let entries = 0;
  const stream = streamCloudRunExport({ seed: SAMPLE_SEED, scenario: "window-1", startMs: Date.UTC(2025, 8, 14, 0, 0), minutes: Number.MAX_SAFE_INTEGER, scale: SCALE });
  for (const { entry } of stream) {
    chunk += (entries === 0 ? "" : ",\n") + gcloudJsonElement(entry);
    entries += 1;
    if (chunk.length >= CHUNK_BYTES) {
      writeSync(fd, chunk);
      chunk = "";
    }
    if (entries === wanted) break;
  }
  writeSync(fd, `${chunk}\n]\n`);
  closeSync(fd);
  return { entries, bytes: statSync(input).size, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** Runs a child to its end, timing the whole process, polling its peak RSS, and with the memory probe loaded. */
const runChild = (args: readonly string[], tag: string): Promise<ChildRun> =>
  runMeasuredChild(args, { cwd: root, keepStdout: true, memoryProbe: join(work, `${tag}.memory.json`) });

const floorRun = (tag: string): Promise<ChildRun> => runChild(["--import", "tsx", join(root, "bench/parse-floor.ts"), input], tag);

/** `log-gardener run` through the package's bin, as a user runs it (compiled JS when dist/ is built). */
const pipelineRun = (threads: number, tag: string): Promise<ChildRun> =>
  runChild([
    join(root, "bin/log-gardener.js"), "run", "--input", input, "--out", join(work, tag), "--json", join(work, `${tag}.json`),
    "--state", join(work, `${tag}.db`), "--quiet", "--threads", String(threads),
  ], tag);

const mib = (kib: number | undefined): string => (kib === undefined ? "?" : `${(kib / 1024).toFixed(0)} MiB`);
const mibOfBytes = (bytes: number | undefined): string => (bytes === undefined ? "?" : `${(bytes / 2 ** 20).toFixed(1)} MiB`);
const rate = (entries: number, seconds: number): number => entries / seconds;
const cores = availableParallelism();

interface Row {
  readonly size: number;
  readonly what: string;
  readonly run: ChildRun;
}

const rows: Row[] = [];

function printTable(table: readonly Row[]): void {
  process.stdout.write(
    "\n| entries | what | seconds (whole process) | entries/s | × single-thread parse floor | peak RSS | live heap after a full GC (main thread, in-process) |\n|---|---|---|---|---|---|---|\n",
  );
  for (const size of new Set(table.map((row) => row.size))) {
    const same = table.filter((row) => row.size === size);
    const floor = same.find((row) => row.what.startsWith("parse floor"));
    for (const row of same) {
      const ratio = floor === undefined ? "?" : `${(rate(size, row.run.seconds) / rate(size, floor.run.seconds)).toFixed(2)}×`;
      process.stdout.write(
        `| ${size.toLocaleString("en")} | ${row.what} | ${row.run.seconds.toFixed(1)} | ${Math.round(rate(size, row.run.seconds)).toLocaleString("en")} | ${ratio} | ${mib(row.run.peakKiB)} | ${mibOfBytes(row.run.inProcess?.liveAfterFullGc)} |\n`,
      );
    }
  }
}
let failed = false;
for (const size of sizes) {
  const generated = generate(size);
  process.stdout.write(
    `generated ${generated.entries.toLocaleString("en")} entries (${(generated.bytes / 2 ** 20).toFixed(0)} MiB, gcloud JSON) in ${generated.seconds.toFixed(1)} s; load average ${loadavg()[0]?.toFixed(1) ?? "?"} on ${cores} cores\n`,
  );
  const floor = await floorRun(`floor-${size}`);
  const one = await pipelineRun(1, `t1-${size}`);
  const all = await pipelineRun(cores, `t${cores}-${size}`);
  for (const [what, run] of [["parse floor (1 thread)", floor], ["run --threads 1", one], [`run --threads ${cores}`, all]] as const) {
    if (run.code !== 0) {
      failed = true;
      process.stderr.write(run.stderr);
      process.stdout.write(`${what} failed with exit code ${run.code}; input kept at ${input}\n`);
    }
    rows.push({ size: generated.entries, what, run });
  }
  const same = (tag: string): string => {
    try {
      const report = JSON.parse(readFileSync(join(work, `${tag}.json`), "utf8")) as { clusters?: unknown[] };
      return String(report.clusters?.length ?? "?");
    } catch {
      return "?";
    }
  };
  process.stdout.write(`clusters: ${same(`t1-${size}`)} with 1 thread, ${same(`t${cores}-${size}`)} with ${cores}\n`);
  printTable(rows.filter((row) => row.size === generated.entries));
}

process.stdout.write("\nall sizes:");
printTable(rows);
if (failed) process.exitCode = 1;
if (flags.keep || failed) process.stdout.write(`files in ${work}\n`);
else rmSync(work, { recursive: true, force: true });
