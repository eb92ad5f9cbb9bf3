/**
 * The per-entry work that needs nothing but the entry: parse (for elements a source left unparsed),
 * repair, redact, read the fields, and say what the miner will see. Pure and stateless, so it runs
 * the same on the main thread (`--threads 1`) and in worker threads (prepare-pool.ts).
 */
import { miningInput } from "../cluster/mining-input.js";
import type { LogEntry, RawEntry } from "../model/entry.js";
import type { UnparsedJson } from "../model/source.js";
import type { SkipReason } from "../model/stats.js";
import type { NormaliseResult } from "../normalise/normalise.js";
import { parseElementText } from "../sources/gcloud-export/element.js";
import { mayJoinSplitLines } from "../sources/split-lines.js";

/** An entry ready for the main thread's stateful stages (filter, de-duplicate, mine, count). */
export type PreparedEntry =
  | { readonly kind: "entry"; readonly entry: LogEntry; readonly scope: string; readonly text: string }
  | { readonly kind: "skipped"; readonly reason: SkipReason; readonly input: string; readonly position: number; readonly detail?: string };

/**
 * What an element left unparsed gives: prepared, or, when it is a line the split-line join may join
 * with its neighbours (split-lines.ts), only parsed, to be prepared once the join has seen it.
 */
export type ElementResult = PreparedEntry | { readonly kind: "parsed"; readonly entry: RawEntry };

/**
 * `samples: "text"` (entries that cross threads, prepare-pool.ts): each entry's sample as its JSON
 * text. When repair and redaction left the parsed value itself (they copy what they change), that is
 * the element's own text, not serialised again: ~8% of a worker's time on the bench/pipeline.bench.ts
 * export.
 */
export function prepareElement(unparsed: UnparsedJson, normalise: (raw: RawEntry) => NormaliseResult, samples: "value" | "text" = "value"): ElementResult {
  const parsed = parseElementText(unparsed);
  if (parsed.kind === "skip") return { kind: "skipped", ...parsed.skip };
  if (mayJoinSplitLines(parsed.entry)) return { kind: "parsed", entry: parsed.entry };
  const prepared = prepareEntry(parsed.entry, normalise);
  if (samples === "text" && prepared.kind === "entry") setSampleText(prepared, prepared.entry.sample === parsed.entry.json ? parsed.text : JSON.stringify(prepared.entry.sample));
  return prepared;
}

/** Replaces the entry's sample by its JSON text, for crossing threads; the other side wraps it (prepare-pool.ts). */
export function setSampleText(prepared: Extract<PreparedEntry, { kind: "entry" }>, json: string): void {
  (prepared.entry as { sample: unknown }).sample = json;
}

export function prepareEntry(raw: RawEntry, normalise: (raw: RawEntry) => NormaliseResult): PreparedEntry {
  const normalised = normalise(raw);
  if (normalised.kind === "skipped") {
    return { kind: "skipped", reason: normalised.reason, input: raw.input, position: raw.position, ...(normalised.detail ? { detail: normalised.detail } : {}) };
  }
  const { scope, text } = miningInput(normalised.entry);
  return { kind: "entry", entry: normalised.entry, scope, text };
}
