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
import { parseElement } from "../sources/gcloud-export/element.js";
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

export function prepareElement(unparsed: UnparsedJson, normalise: (raw: RawEntry) => NormaliseResult): ElementResult {
  const parsed = parseElement(unparsed);
  if (parsed.kind === "skip") return { kind: "skipped", ...parsed.skip };
  if (mayJoinSplitLines(parsed.entry)) return { kind: "parsed", entry: parsed.entry };
  return prepareEntry(parsed.entry, normalise);
}

export function prepareEntry(raw: RawEntry, normalise: (raw: RawEntry) => NormaliseResult): PreparedEntry {
  const normalised = normalise(raw);
  if (normalised.kind === "skipped") {
    return { kind: "skipped", reason: normalised.reason, input: raw.input, position: raw.position, ...(normalised.detail ? { detail: normalised.detail } : {}) };
  }
  const { scope, text } = miningInput(normalised.entry);
  return { kind: "entry", entry: normalised.entry, scope, text };
}
