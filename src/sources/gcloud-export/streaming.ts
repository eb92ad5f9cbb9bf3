import { JSONParser } from "@streamparser/json";
import type { SourceItem } from "../../model/source.js";
import { isJsonObject, jsonKind } from "../ndjson/source.js";
import { InputBrokenError, type ReadEnd } from "../text/lines.js";

/** `array`: the elements of one top-level array (any layout); `concatenated`: objects one after another (`jq .` output). */
export type JsonStreamShape = "array" | "concatenated";

/**
 * The fallback for JSON that does not follow gcloud's layout: a real streaming parser, so memory holds
 * one element at a time, never the whole file. Bytes are decoded with a streaming, non-fatal
 * TextDecoder first, so invalid UTF-8 becomes U+FFFD inside strings instead of failing the parse.
 * A syntax error stops the read (a tokenizer cannot resync safely): it is one `invalid_json` skip and the
 * read is reported unfinished.
 */
export async function* readJsonStream(
  chunks: AsyncIterable<Buffer>,
  input: string,
  shape: JsonStreamShape,
  maxEntryBytes: number,
): AsyncGenerator<SourceItem, ReadEnd> {
  const queue: SourceItem[] = [];
  let index = 0;
  let syntaxError: string | undefined;
  /** Bytes fed since the last complete value: one element growing past maxEntryBytes stops the read (the parser cannot skip it). */
  let pendingBytes = 0;
  let tooLarge = false;
  const parser =
    shape === "array" ? new JSONParser({ paths: ["$.*"], keepStack: false }) : new JSONParser({ paths: ["$"], keepStack: false, separator: "" });
  parser.onValue = ({ value }) => {
    index += 1;
    if (isJsonObject(value)) {
      queue.push({ kind: "entry", entry: { kind: "json", input, position: index, json: value } });
    } else {
      queue.push({ kind: "skip", skip: { reason: "not_an_object", input, position: index, detail: `element ${index}: ${jsonKind(value)}` } });
    }
  };
  parser.onError = (error) => {
    syntaxError ??= error.message.includes("nexpected end") ? "the input ended inside it" : "not valid JSON";
  };

  const decoder = new TextDecoder("utf-8", { fatal: false });
  let broken: InputBrokenError | undefined;
  try {
    for await (const chunk of chunks) {
      const before = index;
      parser.write(decoder.decode(chunk, { stream: true }));
      // A chunk that completed a value restarts the count (under by at most one chunk); one that did not adds to it.
      pendingBytes = index > before ? 0 : pendingBytes + chunk.length;
      yield* queue.splice(0, queue.length);
      if (syntaxError) break;
      if (pendingBytes > maxEntryBytes) {
        tooLarge = true;
        break;
      }
    }
  } catch (error) {
    if (!(error instanceof InputBrokenError)) throw error;
    broken = error;
  }
  if (tooLarge) {
    const position = index + 1;
    yield { kind: "skip", skip: { reason: "entry_too_large", input, position, detail: `element ${position}: over input.maxEntryBytes (${maxEntryBytes}); the rest of the input was not read` } };
    return { unfinished: `element ${position} is over input.maxEntryBytes: later entries were not read` };
  }
  if (!syntaxError && !broken) {
    const rest = decoder.decode();
    if (rest) parser.write(rest);
    if (!parser.isEnded) parser.end();
  }
  yield* queue.splice(0, queue.length);
  if (broken) return { broken };
  if (syntaxError) {
    const position = index + 1;
    yield { kind: "skip", skip: { reason: "invalid_json", input, position, detail: `element ${position}: ${syntaxError}; the rest of the input was not read` } };
    return { unfinished: `JSON syntax error at element ${position}: later entries were not read` };
  }
  return {};
}
