/** The committed sample files, rendered in memory: `scripts/generate-sample.ts` writes them, a test compares them. */
import { gcloudJsonElement } from "./cloud-run.js";
import { generateCloudRunExport, SAMPLE_SEED, SAMPLE_WINDOWS } from "./generate.js";

export interface SampleFile {
  /** Relative to samples/cloud-run/. */
  readonly name: string;
  readonly content: string;
  readonly entries: number;
}

export function renderSampleFiles(seed: string = SAMPLE_SEED): SampleFile[] {
  const files: SampleFile[] = [];
  SAMPLE_WINDOWS.forEach((window, index) => {
    const entries = generateCloudRunExport({ seed, scenario: window.scenario, startMs: window.startMs, minutes: window.minutes });
    const json = entries.length === 0 ? "[]\n" : `[\n${entries.map(({ entry }) => gcloudJsonElement(entry)).join(",\n")}\n]\n`;
    const labels = entries.map(({ entry, label }) => `${JSON.stringify({ insertId: entry.insertId, problem: label })}\n`).join("");
    files.push({ name: `${window.file}.json`, content: json, entries: entries.length }, { name: `labels-${index + 1}.ndjson`, content: labels, entries: entries.length });
  });
  return files;
}
