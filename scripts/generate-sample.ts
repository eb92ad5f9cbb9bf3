/** Rewrites samples/cloud-run/ from the seed: `npm run sample:generate`. The output is byte-identical on every run. */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderSampleFiles } from "../samples/generator/index.js";

const outDir = join(dirname(fileURLToPath(import.meta.url)), "..", "samples", "cloud-run");
mkdirSync(outDir, { recursive: true });
for (const file of renderSampleFiles()) {
  writeFileSync(join(outDir, file.name), file.content);
  process.stdout.write(`${file.name}: ${file.entries} entries\n`);
}
