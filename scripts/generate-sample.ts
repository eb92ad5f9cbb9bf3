/** Rewrites samples/cloud-run/ from the seed: `npm run sample:generate`. The output is byte-identical on every run. */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gcloudJsonElement, generateCloudRunExport, SAMPLE_SEED, SAMPLE_WINDOWS } from "../samples/generator/index.js";

const outDir = join(dirname(fileURLToPath(import.meta.url)), "..", "samples", "cloud-run");
mkdirSync(outDir, { recursive: true });
for (const window of SAMPLE_WINDOWS) {
  const entries = generateCloudRunExport({ seed: SAMPLE_SEED, scenario: window.scenario, startMs: window.startMs, minutes: window.minutes });
  const json = entries.length === 0 ? "[]\n" : `[\n${entries.map(({ entry }) => gcloudJsonElement(entry)).join(",\n")}\n]\n`;
  const labels = entries.map(({ entry, label }) => `${JSON.stringify({ insertId: entry.insertId, problem: label })}\n`).join("");
  writeFileSync(join(outDir, `${window.file}.json`), json);
  writeFileSync(join(outDir, `labels-${window.file.replace("window-", "")}.ndjson`), labels);
  process.stdout.write(`${window.file}.json: ${entries.length} entries\n`);
}
