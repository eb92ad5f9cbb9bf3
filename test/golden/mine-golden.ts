import { createMiner } from "../../src/mine/miner.js";
import { BUNDLED_DATASETS, findDatasets, loadDataset, type LabelledDataset } from "../../bench/loghub/dataset.js";

export const GOLDEN_VARIANT = "loghub-2.0-2k/corrected";
export const GOLDEN_DIR = new URL("./loghub-2.0-2k/", import.meta.url);

/**
 * The datasets the golden files pin: the Loghub-2.0 re-annotation of the 2k samples, always the
 * copy committed in `datasets/` (LOG_GARDENER_DATASETS points the benchmark at other data, not these).
 */
export function goldenDatasets(): LabelledDataset[] {
  return findDatasets(BUNDLED_DATASETS)
    .filter((file) => file.variant === GOLDEN_VARIANT)
    .map(loadDataset);
}

/** Mines one dataset and renders its templates as the golden text: `count<TAB>template`, biggest first. */
export function renderGolden(contents: readonly string[]): { text: string; unmatched: string[] } {
  const miner = createMiner();
  const ids = contents.map((content) => miner.add(content).templateId);
  const counts = new Map<string, number>();
  const unmatched: string[] = [];
  ids.forEach((id, index) => {
    const info = miner.template(id);
    const template = info?.template ?? "";
    counts.set(template, (counts.get(template) ?? 0) + 1);
    const content = contents[index] ?? "";
    if (miner.parameters(id, content) === undefined) unmatched.push(`${template}  <-  ${content}`);
  });
  const lines = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([template, count]) => `${count}\t${template}`);
  return { text: `${lines.join("\n")}\n`, unmatched };
}
