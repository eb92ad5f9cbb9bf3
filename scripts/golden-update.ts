/** Rewrites test/golden/loghub-2.0-2k/<System>.templates.txt from the current miner (npm run golden:update). */
import { mkdirSync, writeFileSync } from "node:fs";
import { GOLDEN_DIR, goldenDatasets, renderGolden } from "../test/golden/mine-golden.js";

const datasets = goldenDatasets();
if (datasets.length === 0) {
  console.error("no datasets found: no *_structured*.csv under the datasets folder (datasets/ or LOG_GARDENER_DATASETS)");
  process.exit(2);
}
mkdirSync(GOLDEN_DIR, { recursive: true });
for (const dataset of datasets) {
  const { text } = renderGolden(dataset.contents);
  writeFileSync(new URL(`${dataset.system}.templates.txt`, GOLDEN_DIR), text);
  console.log(`${dataset.system}: ${text.split("\n").length - 1} templates`);
}
