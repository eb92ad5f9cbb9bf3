import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";

/** The Loghub 2k samples committed with the repository (`datasets/`, with their licence notice). */
export const BUNDLED_DATASETS = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "datasets");

/** Where the Loghub samples are read from: LOG_GARDENER_DATASETS when set, else the bundled `datasets/`. */
export function datasetsRoot(env: NodeJS.ProcessEnv = process.env): string {
  const override = env["LOG_GARDENER_DATASETS"];
  if (override !== undefined && override !== "") return resolve(override);
  return BUNDLED_DATASETS;
}

/** One ground truth for one system: the messages in file order and their true templates. */
export interface LabelledDataset {
  /** e.g. `loghub-2.0-2k/corrected` */
  readonly variant: string;
  readonly system: string;
  readonly contents: readonly string[];
  readonly templates: readonly string[];
}

/** A ground-truth file found on disk, not yet read. */
export interface DatasetFile {
  readonly variant: string;
  readonly system: string;
  readonly path: string;
}

/** Every `<System>_2k.log_structured*.csv` under each collection folder, one variant per suffix. */
export function findDatasets(root: string = datasetsRoot()): DatasetFile[] {
  if (!existsSync(root)) return [];
  const found: DatasetFile[] = [];
  for (const collection of readdirSync(root, { withFileTypes: true })) {
    if (!collection.isDirectory()) continue;
    for (const system of readdirSync(join(root, collection.name), { withFileTypes: true })) {
      if (!system.isDirectory()) continue;
      const folder = join(root, collection.name, system.name);
      for (const file of readdirSync(folder)) {
        const match = /^.+_2k\.log_structured(_corrected)?\.csv$/.exec(file);
        if (match === null) continue;
        const variant = `${collection.name}/${match[1] === undefined ? "original" : "corrected"}`;
        found.push({ variant, system: system.name, path: join(folder, file) });
      }
    }
  }
  return found.sort((a, b) => a.variant.localeCompare(b.variant) || a.system.localeCompare(b.system));
}

export function loadDataset(file: DatasetFile): LabelledDataset {
  const rows = parse(readFileSync(file.path, "utf8"), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return {
    variant: file.variant,
    system: file.system,
    contents: rows.map((row) => row["Content"] ?? ""),
    templates: rows.map((row) => row["EventTemplate"] ?? ""),
  };
}
