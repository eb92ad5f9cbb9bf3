/**
 * Whole-pipeline benchmark: writes a generated Cloud Run export (gcloud `--format=json` layout, ids,
 * durations and timestamps varied per entry, never one entry repeated) to a temporary file, streaming,
 * then runs `log-gardener run` on it in a child process (state in the temporary directory, so the
 * repository's own state is never touched) and prints entries/s and the child's peak RSS (VmHWM
 * polled from /proc; /usr/bin/time is not everywhere).
 *
 *   npm run bench [-- --entries 1000000] [-- --keep]
 *
 * Measured on the 2-core build machine (shared, so ±15%), the figures design comments cite:
 *   1M entries:   5,968 entries/s, 599 MiB peak  →  21,993 entries/s, 215 MiB peak
 *   100k entries: 8,402 entries/s, 225 MiB peak  →  18,325 entries/s, 162 MiB peak
 * Peak RSS follows the live heap about fourfold (V8 grows the heap to a multiple of what survives a
 * full collection), so what is held per entry or per open trace lives in typed arrays off the heap.
 */
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gcloudJsonElement, SAMPLE_SEED, streamCloudRunExport } from "../samples/generator/index.js";

const { values: flags } = parseArgs({
  options: {
    entries: { type: "string", default: "1000000" },
    keep: { type: "boolean", default: false },
  },
});
const wanted = Number(flags.entries);
if (!Number.isInteger(wanted) || wanted <= 0) throw new Error(`--entries must be a positive integer, got ${flags.entries}`);

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const work = mkdtempSync(join(tmpdir(), "lg-bench-"));
const input = join(work, "export.json");

/** ~50 entries a minute at scale 1; scale 20 spreads a million entries over about 17 hours. */
const SCALE = 20;
/** Write in chunks of about this many bytes, so the generator never holds the file. */
const CHUNK_BYTES = 1 << 20;

function generate(): { entries: number; bytes: number; seconds: number } {
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

function peakRssKiB(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match?.[1] === undefined ? undefined : Number(match[1]);
  } catch {
    return undefined; // exited between polls, or no /proc
  }
}

async function runCli(): Promise<{ seconds: number; peakKiB: number | undefined; code: number | null; stderr: string }> {
  const started = process.hrtime.bigint();
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(root, "src/cli/main.ts"), "run", "--input", input, "--out", work, "--json", join(work, "r.json"), "--state", join(work, "state.db"), "--quiet"],
    { cwd: root, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (text: string) => {
    stderr += text;
  });
  let peakKiB: number | undefined;
  const poll = setInterval(() => {
    const now = child.pid === undefined ? undefined : peakRssKiB(child.pid);
    if (now !== undefined) peakKiB = Math.max(peakKiB ?? 0, now);
  }, 100);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearInterval(poll);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, peakKiB, code, stderr };
}

const generated = generate();
process.stdout.write(
  `generated ${generated.entries.toLocaleString("en")} entries (${(generated.bytes / 2 ** 20).toFixed(0)} MiB, gcloud JSON) in ${generated.seconds.toFixed(1)} s\n`,
);
const result = await runCli();
if (result.code !== 0) {
  process.stderr.write(result.stderr);
  process.stdout.write(`run failed with exit code ${result.code}; input kept at ${input}\n`);
  process.exitCode = 1;
} else {
  let clusters = "?";
  try {
    const report = JSON.parse(readFileSync(join(work, "r.json"), "utf8")) as { clusters?: unknown[] };
    clusters = String(report.clusters?.length ?? "?");
  } catch {
    // the report shape is not this benchmark's concern
  }
  process.stdout.write(`run: ${result.seconds.toFixed(1)} s, ${Math.round(generated.entries / result.seconds).toLocaleString("en")} entries/s, ${clusters} clusters\n`);
  process.stdout.write(`peak RSS of the run: ${result.peakKiB === undefined ? "unknown (no /proc)" : `${(result.peakKiB / 1024).toFixed(0)} MiB`}\n`);
}
if (flags.keep || result.code !== 0) process.stdout.write(`files in ${work}\n`);
else rmSync(work, { recursive: true, force: true });
