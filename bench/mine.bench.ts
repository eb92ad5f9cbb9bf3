/**
 * Template-miner benchmark.
 *
 * 1. Accuracy (GA, FGA, PA, FTA as in the Loghub-2.0 evaluator) on every ground truth under
 *    datasets/ (or LOG_GARDENER_DATASETS): in file order and over five shuffled orders
 *    (mean and minimum), since the same lines in any order must give the same templates.
 * 2. Throughput on a mixed stream: the datasets' messages interleaved, every digit run replaced by
 *    random digits of the same length so that no cache of whole lines helps; measured in-process
 *    (the miner alone) and as the CLI runs it (`log-gardener mine FILE`, whole process, peak RSS).
 * 3. Distinct templates: 250,000 and 1,000,000 letter-only messages that are all different
 *    templates, through the CLI, with time, lines/s and peak RSS (the LRU bound holds the memory;
 *    evictions are counted).
 *
 *   npm run bench:mine [-- --lines 1000000] [-- --accuracy-only] [-- --throughput-only] [-- --variant loghub-2.0-2k/corrected]
 */
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createMiner } from "../src/mine/miner.js";
import { runMeasuredChild, type ChildRun } from "./measured-child.js";
import { findDatasets, loadDataset, type LabelledDataset } from "./loghub/dataset.js";
import { scoreParse, type ParseScore } from "./loghub/score.js";
import { createRandom } from "../samples/generator/random.js";

const { values: flags } = parseArgs({
  options: {
    lines: { type: "string", default: "1000000" },
    distinct: { type: "string", default: "1000000" },
    "accuracy-only": { type: "boolean", default: false },
    "throughput-only": { type: "boolean", default: false },
    variant: { type: "string" },
    system: { type: "string" },
  },
});

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const SHUFFLES = 5;

/** Mines lines with a fresh miner and returns each line's final template. */
export function mineTemplates(contents: readonly string[]): string[] {
  const miner = createMiner();
  const ids = contents.map((content) => miner.add(content).templateId);
  const finalTemplates = new Map<string, string>();
  return ids.map((id) => {
    let template = finalTemplates.get(id);
    if (template === undefined) {
      template = miner.template(id)?.template ?? "";
      finalTemplates.set(id, template);
    }
    return template;
  });
}

/** A seeded Fisher–Yates permutation of 0..length-1. */
function shuffledOrder(length: number, seed: number): number[] {
  const random = createRandom(`bench-mine-shuffle-${seed}`);
  const order = Array.from({ length }, (_, index) => index);
  for (let index = length - 1; index > 0; index -= 1) {
    const other = Math.floor(random.next() * (index + 1));
    [order[index], order[other]] = [order[other] as number, order[index] as number];
  }
  return order;
}

interface OrderScores {
  readonly fileOrder: ParseScore;
  readonly shuffled: readonly ParseScore[];
}

function scoreOrders(dataset: LabelledDataset): OrderScores {
  const fileOrder = scoreParse(dataset.templates, mineTemplates(dataset.contents));
  const shuffled: ParseScore[] = [];
  for (let seed = 1; seed <= SHUFFLES; seed += 1) {
    const order = shuffledOrder(dataset.contents.length, seed);
    const mined = mineTemplates(order.map((index) => dataset.contents[index] ?? ""));
    shuffled.push(scoreParse(order.map((index) => dataset.templates[index] ?? ""), mined));
  }
  return { fileOrder, shuffled };
}

const format = (value: number): string => value.toFixed(3);
const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

function printAccuracy(datasets: readonly LabelledDataset[]): void {
  const byVariant = new Map<string, { system: string; scores: OrderScores }[]>();
  for (const dataset of datasets) {
    const rows = byVariant.get(dataset.variant) ?? [];
    rows.push({ system: dataset.system, scores: scoreOrders(dataset) });
    byVariant.set(dataset.variant, rows);
  }
  for (const [variant, rows] of byVariant) {
    console.log(`\n${variant}: means over ${SHUFFLES} shuffled orders; GA min is the worst order; GA file is file order`);
    console.log("| system | GA | GA min | GA file | FGA | PA | FTA | true templates | mined templates |");
    console.log("|---|---|---|---|---|---|---|---|---|");
    const columns = rows.map(({ system, scores }) => {
      const pick = (key: "ga" | "fga" | "pa" | "fta") => mean(scores.shuffled.map((score) => score[key]));
      const gaMin = Math.min(...scores.shuffled.map((score) => score.ga));
      const row = { ga: pick("ga"), gaMin, gaFile: scores.fileOrder.ga, fga: pick("fga"), pa: pick("pa"), fta: pick("fta") };
      console.log(
        `| ${system} | ${format(row.ga)} | ${format(row.gaMin)} | ${format(row.gaFile)} | ${format(row.fga)} | ${format(row.pa)} | ${format(row.fta)} | ${scores.fileOrder.trueTemplates} | ${scores.fileOrder.predictedTemplates} |`,
      );
      return row;
    });
    const average = (key: keyof (typeof columns)[number]) => format(mean(columns.map((row) => row[key])));
    console.log(`| **average** | ${average("ga")} | ${format(Math.min(...columns.map((row) => row.gaMin)))} | ${average("gaFile")} | ${average("fga")} | ${average("pa")} | ${average("fta")} | | |`);
  }
}

/** Seeded (the sample generator's PRNG) so every run mines the same lines. */
function randomDigits(seed: number): (length: number) => string {
  const random = createRandom(`bench-mine-${seed}`);
  return (length) => {
    let digits = "";
    for (let index = 0; index < length; index += 1) digits += String.fromCharCode(48 + Math.floor(random.next() * 10));
    return digits;
  };
}

/** The mixed stream, chunk by chunk. */
function* mixedStream(pool: readonly string[], total: number, chunkSize = 10_000): Generator<string[]> {
  const digits = randomDigits(20_240_601);
  for (let produced = 0; produced < total; produced += chunkSize) {
    const chunk: string[] = [];
    for (let index = 0; index < chunkSize && produced + index < total; index += 1) {
      const source = pool[(produced + index) % pool.length] ?? "";
      chunk.push(source.replace(/\d+/g, (run) => digits(run.length)));
    }
    yield chunk;
  }
}

/** Letter-only messages of 4–11 words, each a template of its own; first words from a small vocabulary, as events name themselves. */
function* distinctStream(total: number, chunkSize = 10_000): Generator<string[]> {
  const random = createRandom("bench-mine-distinct");
  const letter = (): string => String.fromCharCode(97 + Math.floor(random.next() * 26));
  const word = (length: number): string => {
    let text = "";
    for (let index = 0; index < length; index += 1) text += letter();
    return text;
  };
  const heads = Array.from({ length: 200 }, () => word(3 + Math.floor(random.next() * 6)));
  for (let produced = 0; produced < total; produced += chunkSize) {
    const chunk: string[] = [];
    for (let index = 0; index < chunkSize && produced + index < total; index += 1) {
      const words = [heads[Math.floor(random.next() * heads.length)] as string];
      const count = 3 + Math.floor(random.next() * 8);
      for (let position = 0; position < count; position += 1) words.push(word(3 + Math.floor(random.next() * 6)));
      chunk.push(words.join(" "));
    }
    yield chunk;
  }
}

function writeLines(file: string, chunks: Iterable<string[]>): number {
  const fd = openSync(file, "w");
  let lines = 0;
  for (const chunk of chunks) {
    writeSync(fd, `${chunk.join("\n")}\n`);
    lines += chunk.length;
  }
  closeSync(fd);
  return lines;
}

function measureInProcess(chunks: Iterable<string[]>): { lines: number; seconds: number; cpuSeconds: number } {
  const miner = createMiner();
  let elapsedNs = 0n;
  let cpuMicros = 0;
  let lines = 0;
  for (const chunk of chunks) {
    const cpuStarted = process.cpuUsage();
    const started = process.hrtime.bigint();
    for (const line of chunk) miner.add(line);
    elapsedNs += process.hrtime.bigint() - started;
    const cpu = process.cpuUsage(cpuStarted);
    cpuMicros += cpu.user + cpu.system;
    lines += chunk.length;
  }
  // reading the templates groups the shapes: part of the cost
  const started = process.hrtime.bigint();
  miner.templates();
  elapsedNs += process.hrtime.bigint() - started;
  return { lines, seconds: Number(elapsedNs) / 1e9, cpuSeconds: cpuMicros / 1e6 };
}

/** `log-gardener mine FILE` through the package's bin, output discarded: the whole process, start-up included. */
async function runMineCli(file: string): Promise<ChildRun> {
  const run = await runMeasuredChild([join(root, "bin/log-gardener.js"), "mine", file], { cwd: root, pollMs: 50 });
  return { ...run, stderr: run.stderr.trim() };
}

const rate = (lines: number, seconds: number): string => Math.round(lines / seconds).toLocaleString("en");
const mib = (kib: number | undefined): string => (kib === undefined ? "unknown" : `${(kib / 1024).toFixed(0)} MiB`);

/** Which CLI `bin/log-gardener.js` runs: the compiled one when `npm run build` made dist/, else the sources through tsx (slower to start, more memory). */
const cliKind = existsSync(join(root, "dist/cli/main.js")) ? "compiled CLI" : "sources through tsx; npm run build for the compiled CLI";

async function printCli(label: string, file: string, lines: number): Promise<ChildRun | undefined> {
  const run = await runMineCli(file);
  if (run.code !== 0) {
    console.log(`${label}: log-gardener mine failed (exit ${run.code}): ${run.stderr}`);
    process.exitCode = 1;
    return undefined;
  }
  console.log(`${label}: ${lines.toLocaleString("en")} lines in ${run.seconds.toFixed(2)} s = ${rate(lines, run.seconds)} lines/s (whole process, log-gardener mine, ${cliKind}), peak RSS ${mib(run.peakKiB)}`);
  console.log(`  ${run.stderr.split("\n").pop() ?? ""}`);
  return run;
}

const files = findDatasets().filter(
  (file) => (flags.variant === undefined || file.variant === flags.variant) && (flags.system === undefined || file.system === flags.system),
);
if (files.length === 0) {
  console.error("no datasets found: no *_structured*.csv under the datasets folder (datasets/ or LOG_GARDENER_DATASETS)");
  process.exit(2);
}
const datasets = files.map(loadDataset);
if (!flags["throughput-only"]) printAccuracy(datasets);
if (!flags["accuracy-only"]) {
  // every distinct message once, interleaved across systems as a mixed production stream would be
  const perSystem = new Map<string, readonly string[]>();
  for (const dataset of datasets) if (!perSystem.has(dataset.system)) perSystem.set(dataset.system, dataset.contents);
  const pool: string[] = [];
  const lists = [...perSystem.values()];
  const longest = Math.max(...lists.map((list) => list.length));
  for (let index = 0; index < longest; index += 1) for (const list of lists) if (index < list.length) pool.push(list[index] ?? "");

  const total = Number(flags.lines);
  const work = mkdtempSync(join(tmpdir(), "lg-bench-mine-"));
  try {
    console.log(`\nmixed stream (${total.toLocaleString("en")} lines, ${pool.length.toLocaleString("en")} messages with random digits), load average ${loadavg()[0]?.toFixed(1) ?? "?"} on ${availableParallelism()} cores`);
    const inProcess = measureInProcess(mixedStream(pool, total));
    // wall time suffers when other processes share the cores; CPU time shows the miner's own cost
    console.log(
      `in-process (miner.add only, no I/O): ${inProcess.lines.toLocaleString("en")} lines in ${inProcess.seconds.toFixed(2)} s = ${rate(inProcess.lines, inProcess.seconds)} lines/s; ${rate(inProcess.lines, inProcess.cpuSeconds)} lines per CPU-second`,
    );
    const mixedFile = join(work, "mixed.log");
    await printCli("CLI", mixedFile, writeLines(mixedFile, mixedStream(pool, total)));

    const distinctRuns: { count: number; seconds: number }[] = [];
    for (const count of [...new Set([Math.min(250_000, Number(flags.distinct)), Number(flags.distinct)])]) {
      const file = join(work, `distinct-${count}.log`);
      const run = await printCli(`\n${count.toLocaleString("en")} distinct letter-only templates`, file, writeLines(file, distinctStream(count)));
      if (run !== undefined) distinctRuns.push({ count, seconds: run.seconds });
      rmSync(file, { force: true });
    }
    const [small, large] = distinctRuns;
    if (small !== undefined && large !== undefined) {
      // near-linear: the time grows like the lines (a quadratic miner would take 16× for 4× the lines)
      console.log(`\ndistinct templates, ${large.count.toLocaleString("en")} vs ${small.count.toLocaleString("en")} lines: ${(large.seconds / small.seconds).toFixed(2)}× the time for ${(large.count / small.count).toFixed(0)}× the lines (whole process)`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
