/**
 * One gcloud export element's bytes to an entry or a skip. The layout reader calls it when it parses
 * elements itself (`--threads 1`), and the pipeline's entry workers call it on the elements it left
 * unparsed, so both give the same entries and the same skip reasons and details.
 */
import type { SourceItem, UnparsedJson } from "../../model/source.js";
import { isJsonObject, jsonKind } from "../ndjson/source.js";
import { decodeUtf8 } from "../text/lines.js";

export type ParsedElement = Extract<SourceItem, { kind: "entry" } | { kind: "skip" }>;

export function parseElement(element: UnparsedJson): ParsedElement {
  const { input, position, where } = element;
  let value: unknown;
  try {
    value = JSON.parse(decodeUtf8(element.bytes));
  } catch {
    return { kind: "skip", skip: { reason: "invalid_json", input, position, detail: `${where}: not valid JSON` } };
  }
  if (!isJsonObject(value)) return { kind: "skip", skip: { reason: "not_an_object", input, position, detail: `${where}: ${jsonKind(value)}` } };
  return { kind: "entry", entry: { kind: "json", input, position, json: value } };
}
