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

// Recall, per kind.
const planted = plantedCorpus();
const perKind = new Map<string, { total: number; caught: number }>();
for (const entry of planted) {
  const row = perKind.get(entry.kind) ?? { total: 0, caught: 0 };
  row.total += 1;
  if (leaksIn(process1(entry.entry), entry).length === 0) row.caught += 1;
  perKind.set(entry.kind, row);
}
const totals = [...perKind.values()].reduce((a, b) => ({ total: a.total + b.total, caught: a.caught + b.caught }), { total: 0, caught: 0 });
console.log("recall on planted secrets (entries with no surviving fragment)");
for (const [kind, row] of perKind) console.log(`  ${kind.padEnd(24)} ${row.caught}/${row.total}`);
console.log(`  ${"ALL".padEnd(24)} ${totals.caught}/${totals.total} = ${((100 * totals.caught) / totals.total).toFixed(1)}%`);

// False positives.
const lookAlikes = lookAlikeCorpus();
let values = 0;
let altered = 0;
const alteredKinds = new Map<string, number>();
for (const entry of lookAlikes) {
  const out = process1(entry.entry);
  for (const value of entry.values) {
    values += 1;
    if (!out.includes(value)) {
      altered += 1;
      alteredKinds.set(entry.kind, (alteredKinds.get(entry.kind) ?? 0) + 1);
    }
  }
}
console.log(`false positives on look-alikes: ${altered}/${values} values altered = ${((100 * altered) / values).toFixed(1)}%${altered > 0 ? ` (${[...alteredKinds].map(([k, n]) => `${k}: ${n}`).join(", ")})` : ""}`);

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
