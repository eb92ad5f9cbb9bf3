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
import { isJsonObject, jsonKind } from "../sources/ndjson/source.js";
import { decodeUtf8 } from "../sources/text/lines.js";

/** An entry ready for the main thread's stateful stages (filter, de-duplicate, mine, count). */
export type PreparedEntry =
  | { readonly kind: "entry"; readonly entry: LogEntry; readonly scope: string; readonly text: string }
  | { readonly kind: "skipped"; readonly reason: SkipReason; readonly input: string; readonly position: number; readonly detail?: string };

/** What the preparing step is given: a parsed raw entry, or an element's bytes to parse first. */
export type PrepareInput = { readonly kind: "raw"; readonly entry: RawEntry } | { readonly kind: "unparsed"; readonly unparsed: UnparsedJson };

/** Same skip reasons and details as the sources give when they parse an element themselves. */
export function parseUnparsed(unparsed: UnparsedJson): RawEntry | PreparedEntry {
  const { input, position, where } = unparsed;
  let value: unknown;
  try {
    value = JSON.parse(decodeUtf8(unparsed.bytes));
  } catch {
    return { kind: "skipped", reason: "invalid_json", input, position, detail: `${where}: not valid JSON` };
  }
  if (!isJsonObject(value)) return { kind: "skipped", reason: "not_an_object", input, position, detail: `${where}: ${jsonKind(value)}` };
  return { kind: "json", input, position, json: value };
}

export function prepareEntry(item: PrepareInput, normalise: (raw: RawEntry) => NormaliseResult): PreparedEntry {
  let raw: RawEntry;
  if (item.kind === "unparsed") {
    const parsed = parseUnparsed(item.unparsed);
    if (parsed.kind === "skipped" || parsed.kind === "entry") return parsed;
    raw = parsed;
  } else raw = item.entry;
  const normalised = normalise(raw);
  if (normalised.kind === "skipped") {
    return { kind: "skipped", reason: normalised.reason, input: raw.input, position: raw.position, ...(normalised.detail ? { detail: normalised.detail } : {}) };
  }
  const { scope, text } = miningInput(normalised.entry);
  return { kind: "entry", entry: normalised.entry, scope, text };
}
