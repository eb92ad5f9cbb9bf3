/**
 * State store benchmark: one run saving 1,000,000 entry keys (the exact-totals path), the same
 * window saved again (every key a duplicate), loading history for every cluster, and the entry-key
 * hash against node:crypto. Prints wall time, keys/s and the file size.
 *
 *   npx tsx bench/state.bench.ts [--keys 1000000] [--clusters 100] [--runs 30]
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { hashEntryKey } from "../src/state/entry-key-hash.js";
import { openSqliteStateStore, type EntryIdentity } from "../src/state/index.js";
import { clusterRecord, runSave, TestClock } from "../src/state/store-fixture.js";

const { values: flags } = parseArgs({
  options: {
    keys: { type: "string", default: "1000000" },
    clusters: { type: "string", default: "100" },
    runs: { type: "string", default: "30" },
  },
});
const totalKeys = Number(flags.keys);
const clusterCount = Number(flags.clusters);
const historyRuns = Number(flags.runs);
const perCluster = Math.ceil(totalKeys / clusterCount);

/** insertId-shaped keys (Cloud Run's are ~14-20 characters). */
function keysFor(cluster: number, from: number, to: number): EntryIdentity[] {
  const base = Date.parse("2026-11-20T10:00:00Z");
  const out: EntryIdentity[] = [];
  for (let i = from; i < to; i++) out.push({ key: `id:${(cluster * 1_000_003 + i).toString(36).padStart(14, "0")}`, timeMs: base + (i % 3600) * 1000 });
  return out;
}

function elapsed(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** CPU milliseconds (user + system) since `start`: steadier than wall time on a shared machine. */
function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const scratch = mkdtempSync(join(tmpdir(), "lg-state-bench-"));
const path = join(scratch, "state.db");
const clock = new TestClock();
const store = await openSqliteStateStore(path, { now: clock.now });
const fingerprints = Array.from({ length: clusterCount }, (_, c) => `lgfp${c.toString(16).padStart(16, "0")}`);
const records = (_window: number) =>
  fingerprints.map((fp, c) => clusterRecord(fp, { entries: keysFor(c, 0, perCluster), count: perCluster, ratePerMinute: perCluster / 60 }));
const hourWindow = (h: number) => ({ start: new Date(Date.parse("2026-11-20T00:00:00Z") + h * 3_600_000).toISOString(), end: new Date(Date.parse("2026-11-20T01:00:00Z") + h * 3_600_000).toISOString() });

const firstRecords = records(0);
let start = process.hrtime.bigint();
let cpu = process.cpuUsage();
const first = await store.saveRun(runSave("first", firstRecords, hourWindow(0)));
const firstMs = elapsed(start);
const firstCpu = cpuSince(cpu);
const newKeys = [...first.clusters.values()].reduce((sum, c) => sum + c.newEntries, 0);

const againRecords = records(0);
start = process.hrtime.bigint();
cpu = process.cpuUsage();
const again = await store.saveRun(runSave("again", againRecords, hourWindow(0)));
const againMs = elapsed(start);
const againCpu = cpuSince(cpu);
const againNew = [...again.clusters.values()].reduce((sum, c) => sum + c.newEntries, 0);

start = process.hrtime.bigint();
for (let r = 0; r < historyRuns; r++) {
  await store.saveRun(
    runSave(
      `small-${r}`,
      fingerprints.filter((_, c) => (c + r) % 3 !== 0).map((fp, c) => clusterRecord(fp, { entries: keysFor(c, perCluster + r * 10, perCluster + r * 10 + 10) })),
      hourWindow(r + 1),
    ),
  );
}
const smallRunsMs = elapsed(start) / historyRuns;
start = process.hrtime.bigint();
const history = await store.loadHistory(fingerprints, { baselineRuns: 7 });
const historyMs = elapsed(start);
await store.close();
// Closing checkpoints the WAL into the database file.
const fileBytes = statSync(path).size;
rmSync(scratch, { recursive: true, force: true });

const sample = keysFor(0, 0, 200_000).map((e) => e.key);
const out = new Int32Array(2);
start = process.hrtime.bigint();
for (const key of sample) hashEntryKey(key, out);
const cyrbNs = (elapsed(start) * 1e6) / sample.length;
start = process.hrtime.bigint();
for (const key of sample) createHash("sha1").update(key).digest();
const sha1Ns = (elapsed(start) * 1e6) / sample.length;

const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString("en");
console.log(`save run, ${totalKeys.toLocaleString("en")} new keys in ${clusterCount} clusters: ${firstMs.toFixed(0)} ms wall, ${firstCpu.toFixed(0)} ms CPU (${perSecond(totalKeys, firstMs)} keys/s), new ${newKeys}`);
console.log(`same window again (all duplicates): ${againMs.toFixed(0)} ms wall, ${againCpu.toFixed(0)} ms CPU (${perSecond(totalKeys, againMs)} keys/s), new ${againNew}`);
console.log(`hourly run saving 10 entries in each of ${Math.round((clusterCount * 2) / 3)} clusters: ${smallRunsMs.toFixed(1)} ms per run (wall)`);
console.log(`loadHistory for ${clusterCount} clusters after ${historyRuns + 2} runs: ${historyMs.toFixed(1)} ms (${history.clusters.size} found)`);
console.log(`state file after ${historyRuns + 2} runs: ${(fileBytes / 1e6).toFixed(1)} MB`);
console.log(`entry-key hash: cyrb 64-bit ${cyrbNs.toFixed(0)} ns/key, node:crypto sha1 ${sha1Ns.toFixed(0)} ns/key`);
