/**
 * One gcloud export element's bytes to an entry or a skip. The layout reader calls it when it parses
 * elements itself (`--threads 1`), and the pipeline's entry workers call it on the elements it left
 * unparsed, so both give the same entries and the same skip reasons and details.
 */
import { isAscii } from "node:buffer";
import type { RawEntry } from "../../model/entry.js";
import type { SourceItem, UnparsedJson } from "../../model/source.js";
import { isJsonObject, jsonKind } from "../ndjson/source.js";
import { decodeUtf8 } from "../text/lines.js";

export type ParsedElement = Extract<SourceItem, { kind: "entry" } | { kind: "skip" }>;

/** A parsed element with the JSON text it was parsed from. */
export type ParsedElementText =
  | Extract<ParsedElement, { kind: "skip" }>
  | { readonly kind: "entry"; readonly entry: Extract<RawEntry, { kind: "json" }>; readonly text: string };

export function parseElement(element: UnparsedJson): ParsedElement {
  const parsed = parseElementText(element);
  return parsed.kind === "entry" ? { kind: "entry", entry: parsed.entry } : parsed;
}

/** As parseElement, keeping the decoded text: while the parsed value is left as it is, the text is that value serialised. */
export function parseElementText(element: UnparsedJson): ParsedElementText {
  const { input, position, where } = element;
  let value: unknown;
  let text: string;
  try {
    value = JSON.parse((text = decodeUtf8(element.bytes)));
  } catch {
    return { kind: "skip", skip: { reason: "invalid_json", input, position, detail: `${where}: not valid JSON` } };
  }
  if (!isJsonObject(value)) return { kind: "skip", skip: { reason: "not_an_object", input, position, detail: `${where}: ${jsonKind(value)}` } };
  return { kind: "entry", entry: printableAscii(element.bytes, text) ? { kind: "json", input, position, json: value, printableAscii: true } : { kind: "json", input, position, json: value }, text };
}

const DEL = 0x7f;

/**
 * Whether every string the JSON text parses to is printable ASCII, tab or newline (what repair leaves
 * alone): ASCII bytes without DEL (raw controls are not valid JSON inside strings), and no `\u`,
 * `\r`, `\b` or `\f` escape that could decode to something else. Native scans of the bytes, cheaper
 * than repair's test of every string of the parsed entry.
 */
function printableAscii(bytes: Uint8Array, text: string): boolean {
  if (!isAscii(bytes) || bytes.includes(DEL)) return false;
  return !text.includes("\\") || !(text.includes("\\u") || text.includes("\\r") || text.includes("\\b") || text.includes("\\f"));
}
