// Leak checks shared by the stage-level and CLI-level safety tests and the benchmark.
import { fragmentsOf, type PlantedEntry } from "./corpus.js";

/** Every form a planted secret may take in output: as is, URL-encoded, JSON-escaped. */
export function forbiddenFragments(entry: PlantedEntry): string[] {
  const forms = entry.secrets.flatMap((s) => [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)]);
  return Array.from(new Set(forms.flatMap(fragmentsOf)));
}

/** The fragments of `entry` found in `output`. */
export function leaksIn(output: string, entry: PlantedEntry): string[] {
  return forbiddenFragments(entry).filter((fragment) => output.includes(fragment));
}
