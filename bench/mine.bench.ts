/**
 * Template-miner benchmark: accuracy (GA, FGA, PA, FTA as in the Loghub-2.0 evaluator) on every
 * ground truth under datasets/ (or LOG_GARDENER_DATASETS), then throughput and peak RSS on
 * 1,000,000 lines built from the datasets' messages with every digit run replaced by random digits
 * of the same length, so that no cache of whole lines helps.
 *
 *   npm run bench:mine [-- --lines 1000000] [-- --accuracy-only] [-- --variant loghub-2.0-2k/corrected]
 */
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { createMiner } from "../src/mine/miner.js";
import { findDatasets, loadDataset, type LabelledDataset } from "./loghub/dataset.js";
import { scoreParse, type ParseScore } from "./loghub/score.js";
import { createRandom } from "../samples/generator/random.js";

const { values: flags } = parseArgs({
  options: {
    lines: { type: "string", default: "1000000" },
    "accuracy-only": { type: "boolean", default: false },
    "throughput-only": { type: "boolean", default: false },
    variant: { type: "string" },
    system: { type: "string" },
  },
});

/** Mines a dataset in file order with a fresh miner and returns each line's final template. */
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

const format = (value: number): string => value.toFixed(3);

function printAccuracy(datasets: readonly LabelledDataset[]): void {
  const byVariant = new Map<string, { system: string; score: ParseScore }[]>();
  for (const dataset of datasets) {
    const score = scoreParse(dataset.templates, mineTemplates(dataset.contents));
    const rows = byVariant.get(dataset.variant) ?? [];
    rows.push({ system: dataset.system, score });
    byVariant.set(dataset.variant, rows);
  }
  for (const [variant, rows] of byVariant) {
    console.log(`\n${variant}`);
    console.log("| system | GA | FGA | PA | FTA | true templates | mined templates |");
    console.log("|---|---|---|---|---|---|---|");
    for (const { system, score } of rows) {
      console.log(`| ${system} | ${format(score.ga)} | ${format(score.fga)} | ${format(score.pa)} | ${format(score.fta)} | ${score.trueTemplates} | ${score.predictedTemplates} |`);
    }
    const mean = (pick: (score: ParseScore) => number): string => format(rows.reduce((sum, row) => sum + pick(row.score), 0) / rows.length);
    console.log(`| **average** | ${mean((s) => s.ga)} | ${mean((s) => s.fga)} | ${mean((s) => s.pa)} | ${mean((s) => s.fta)} | | |`);
  }
}

/** Seeded (the sample generator's PRNG) so every run mines the same million lines. */
function randomDigits(seed: number): (length: number) => string {
  const random = createRandom(`bench-mine-${seed}`);
  const next = (): number => random.next();
  return (length) => {
    let digits = "";
    for (let index = 0; index < length; index += 1) digits += String.fromCharCode(48 + Math.floor(next() * 10));
    return digits;
  };
}

function measureThroughput(pool: readonly string[], total: number): void {
  const digits = randomDigits(20_240_601);
  const miner = createMiner();
  const chunkSize = 10_000;
  let elapsedNs = 0n;
  let cpuMicros = 0;
  let produced = 0;
  while (produced < total) {
    const chunk: string[] = [];
    for (let index = 0; index < chunkSize && produced + index < total; index += 1) {
      const source = pool[(produced + index) % pool.length] ?? "";
      chunk.push(source.replace(/\d+/g, (run) => digits(run.length)));
    }
    const cpuStarted = process.cpuUsage();
    const started = process.hrtime.bigint();
    for (const line of chunk) miner.add(line);
    elapsedNs += process.hrtime.bigint() - started;
    const cpu = process.cpuUsage(cpuStarted);
    cpuMicros += cpu.user + cpu.system;
    produced += chunk.length;
  }
  const seconds = Number(elapsedNs) / 1e9;
  const stats = miner.stats();
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const cpuSeconds = cpuMicros / 1e6;
  console.log(`\nthroughput: ${total.toLocaleString("en")} lines in ${seconds.toFixed(2)} s = ${Math.round(total / seconds).toLocaleString("en")} lines/s (mining only, single process)`);
  // wall time suffers when other processes share the cores; CPU time shows the miner's own cost
  console.log(`CPU time: ${cpuSeconds.toFixed(2)} s = ${Math.round(total / cpuSeconds).toLocaleString("en")} lines per CPU-second; load average ${loadavg()[0]?.toFixed(1) ?? "?"} on ${availableParallelism()} cores`);
  console.log(`peak RSS: ${peakRssMb.toFixed(0)} MB; clusters ${stats.clusters}, similarity searches ${stats.searches}, evictions ${stats.evictions}, truncated lines ${stats.truncatedLines}, truncated tokens ${stats.truncatedTokens}`);
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
  measureThroughput(pool, Number(flags.lines));
}
