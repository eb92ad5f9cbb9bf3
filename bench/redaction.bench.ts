/**
 * Redaction benchmark: recall on the planted-secret corpus (a secret counts as caught only when no
 * 12-character fragment of it survives), false-positive rate on the look-alike corpus (values that
 * must come out unchanged), and throughput of repair + redaction in entries/s on a realistic mix
 * (mostly ordinary entries, a few with secrets), for whole LogEntry JSON and for text lines. The
 * redactor is fresh for each measurement, so its cache starts cold.
 *
 *   npm run bench:redaction [-- --entries 200000]
 */
import { parseArgs } from "node:util";
import { RedactionConfigSchema } from "../src/config/sections/redaction.js";
import { repairText, repairValue } from "../src/normalise/mojibake.js";
import { createRedactor } from "../src/normalise/redact.js";
import { lookAlikeCorpus, plantedCorpus } from "../test/safety/corpus.js";
import { seededRandom } from "../test/safety/fake-secrets.js";
import { leaksIn } from "../test/safety/leaks.js";

const { values: flags } = parseArgs({ options: { entries: { type: "string", default: "200000" } } });
const redactor = createRedactor({ ...RedactionConfigSchema.parse({}), hashKey: "bench" });
const process1 = (entry: Readonly<Record<string, unknown>> | string): string =>
  typeof entry === "string" ? redactor.redactText(repairText(entry)) : JSON.stringify(redactor.redactValue(repairValue(entry)));

const pct = (part: number, whole: number): string => `${whole === 0 ? "-" : ((100 * part) / whole).toFixed(1)}%`;
const row = (cells: readonly string[], widths: readonly number[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");

// Recall, per kind: a secret counts as caught when no fragment of it survives in its entry.
const planted = plantedCorpus();
const perKind = new Map<string, { total: number; caught: number }>();
for (const entry of planted) {
  const counts = perKind.get(entry.kind) ?? { total: 0, caught: 0 };
  counts.total += 1;
  if (leaksIn(process1(entry.entry), entry).length === 0) counts.caught += 1;
  perKind.set(entry.kind, counts);
}
const totals = [...perKind.values()].reduce((a, b) => ({ total: a.total + b.total, caught: a.caught + b.caught }), { total: 0, caught: 0 });
const recallWidths = [28, 8, 7, 8];
console.log(`recall on planted secrets, per kind (${perKind.size} kinds, in-process)`);
console.log(row(["kind", "planted", "caught", "recall"], recallWidths));
for (const [kind, counts] of [...perKind].sort(([a], [b]) => a.localeCompare(b))) console.log(row([kind, String(counts.total), String(counts.caught), pct(counts.caught, counts.total)], recallWidths));
console.log(row(["ALL", String(totals.total), String(totals.caught), pct(totals.caught, totals.total)], recallWidths));

// False positives, per look-alike kind: a value that must come out unchanged and did not.
const lookAlikes = lookAlikeCorpus();
const fpByKind = new Map<string, { values: number; altered: number }>();
for (const entry of lookAlikes) {
  const out = process1(entry.entry);
  const counts = fpByKind.get(entry.kind) ?? { values: 0, altered: 0 };
  for (const value of entry.values) {
    counts.values += 1;
    if (!out.includes(value)) counts.altered += 1;
  }
  fpByKind.set(entry.kind, counts);
}
const fpTotals = [...fpByKind.values()].reduce((a, b) => ({ values: a.values + b.values, altered: a.altered + b.altered }), { values: 0, altered: 0 });
const fpWidths = [28, 8, 8, 8];
console.log("");
console.log(`false positives on look-alikes, per kind (${fpByKind.size} kinds, ${lookAlikes.length} entries, in-process)`);
console.log(row(["kind", "values", "altered", "FP rate"], fpWidths));
for (const [kind, counts] of [...fpByKind].sort(([a], [b]) => a.localeCompare(b))) console.log(row([kind, String(counts.values), String(counts.altered), pct(counts.altered, counts.values)], fpWidths));
console.log(row(["ALL", String(fpTotals.values), String(fpTotals.altered), pct(fpTotals.altered, fpTotals.values)], fpWidths));
console.log("");
// The closing figure: every planted secret caught, and at most 1% of look-alike values altered.
const met = totals.caught === totals.total && fpTotals.altered <= 0.01 * fpTotals.values;
console.log(`recall ${pct(totals.caught, totals.total)}, false positives ${pct(fpTotals.altered, fpTotals.values)} of look-alike values: ${met ? "within" : "OUTSIDE"} the bar (100% recall, ≤ 1% false positives)`);
console.log("");

// Throughput on a mix like production: 95% ordinary entries (seed-worklog shapes), 5% planted/look-alike.
const random = seededRandom(99);
const ordinary = (i: number): Record<string, unknown> => ({
  insertId: `${i.toString(36)}abc${random.int(1e6)}`,
  severity: random.pick(["WARNING", "ERROR", "CRITICAL"]),
  timestamp: `2025-09-14T18:${String(random.int(60)).padStart(2, "0")}:12.545693Z`,
  logName: "projects/netra-staging/logs/run.googleapis.com%2Fstderr",
  resource: { type: "cloud_run_revision", labels: { service_name: "netra-backend-staging", revision_name: "netra-backend-staging-00612-67q", location: "us-central1" } },
  jsonPayload: {
    message: random.pick([
      `SSOT VALIDATION: Multiple manager instances for user demo-user-${random.int(999)} - potential duplication`,
      `[ðŸ”‘] GOLDEN PATH AUTH=REDACTED permissive authentication with circuit breaker for connection main_${random.int(1e8).toString(16)} - user_id: pending, connection_state: connected`,
      "Session access failed (middleware not installed?): SessionMiddleware must be installed to access request.session",
      `WebSocket connection ${random.int(1e6)} closed with code 1011 after ${random.int(9000)}ms`,
    ]),
    context: { name: "netra_backend.app.routes.websocket_ssot", service: "netra-service" },
    labels: { function: "_handle_main_mode", line: String(random.int(2000)), module: "netra_backend.app.routes.websocket_ssot" },
  },
  trace: `projects/netra-staging/traces/${random.chars("0123456789abcdef", 32)}`,
});
const entryCount = Number(flags.entries);
const special = [...planted.map((e) => e.entry), ...lookAlikes.map((e) => e.entry)];
// As many distinct entries as are measured: ids, times and traces never repeat (no cache helps them),
// while service names, loggers and labels repeat as they do in production.
const mix = Array.from({ length: entryCount }, (_, i) => (i % 20 === 0 ? special[random.int(special.length)] : ordinary(i)) as Readonly<Record<string, unknown>> | string);
const jsonMix = mix.filter((e): e is Readonly<Record<string, unknown>> => typeof e !== "string");
const lines = jsonMix.map((e) => String((e["jsonPayload"] as { message?: unknown } | undefined)?.message ?? e["textPayload"] ?? ""));

// Wall time and CPU time: on a shared machine the CPU-time rate is the steadier figure.
function measure(name: string, count: number, work: (i: number) => void): void {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < count; i += 1) work(i);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const rate = (s: number) => Math.round(count / s).toLocaleString("en-US");
  console.log(`${name}: ${rate(seconds)} entries/s wall, ${rate(cpuSeconds)} entries/s per CPU-second (${count.toLocaleString("en-US")} entries)`);
}
let sink = 0;
const fresh = () => createRedactor({ ...RedactionConfigSchema.parse({}), hashKey: "bench" });
let timed = fresh();
measure("repairValue + redactValue, whole LogEntry JSON", entryCount, (i) => {
  const out = timed.redactValue(repairValue(jsonMix[i % jsonMix.length]));
  sink += out === null ? 0 : 1;
});
timed = fresh();
measure("repairText + redactText, message lines", entryCount, (i) => {
  sink += timed.redactText(repairText(lines[i % lines.length] ?? "")).length;
});
if (sink < 0) console.log(sink);
