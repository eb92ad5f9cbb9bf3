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
 * read is reported unfinished. An array element over maxEntryBytes is skipped by itself: a small
 * scanner that follows strings and nesting alongside the parser finds where it ends, and a fresh
 * parser takes the elements after it.
 */

/** Nesting and string state of JSON text, one character at a time: enough to find where an element ends. */
class JsonScanner {
  depth = 0;
  private inString = false;
  private escaped = false;

  /** Scans `text`; with `stopAtElementEnd`, returns the index just after the `,` or `]` that ends the current array element, else -1. */
  scan(text: string, stopAtElementEnd: boolean): number {
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) this.inString = false;
        continue;
      }
      if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth += 1;
      else if (c === 125 || c === 93) {
        this.depth -= 1;
        if (stopAtElementEnd && this.depth === 0) return i + 1;
      } else if (stopAtElementEnd && c === 44 && this.depth === 1) return i + 1;
    }
    return -1;
  }
}
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
  const newParser = (): JSONParser => {
    const p = shape === "array" ? new JSONParser({ paths: ["$.*"], keepStack: false }) : new JSONParser({ paths: ["$"], keepStack: false, separator: "" });
    p.onValue = onValue;
    p.onError = onError;
    return p;
  };
  const onValue = ({ value }: { value?: unknown }): void => {
    index += 1;
    if (isJsonObject(value)) {
      queue.push({ kind: "entry", entry: { kind: "json", input, position: index, json: value } });
    } else {
      queue.push({ kind: "skip", skip: { reason: "not_an_object", input, position: index, detail: `element ${index}: ${jsonKind(value)}` } });
    }
  };
  const onError = (error: Error): void => {
    syntaxError ??= error.message.includes("nexpected end") ? "the input ended inside it" : "not valid JSON";
  };
  let parser = newParser();
  const scanner = shape === "array" ? new JsonScanner() : undefined;
  /** Skipping an element over the limit: its position, while the scanner looks for its end. */
  let skipping: number | undefined;
  let arrayClosed = false;

  const decoder = new TextDecoder("utf-8", { fatal: false });
  let broken: InputBrokenError | undefined;
  try {
    for await (const chunk of chunks) {
      const before = index;
      let text = decoder.decode(chunk, { stream: true });
      if (skipping !== undefined && scanner) {
        const end = scanner.scan(text, true);
        if (end < 0) continue;
        yield { kind: "skip", skip: { reason: "entry_too_large", input, position: skipping, detail: `element ${skipping}: over input.maxEntryBytes (${maxEntryBytes}); skipped, the elements after it were read` } };
        skipping = undefined;
        pendingBytes = 0;
        const rest = text.slice(end);
        if (scanner.depth === 0) {
          arrayClosed = true;
          if (rest.trim().length > 0) syntaxError ??= "not valid JSON";
          break;
        }
        // A fresh parser for the rest of the array: `[` stands for the elements already read.
        parser = newParser();
        scanner.scan(rest, false);
        parser.write(`[${rest}`);
      } else {
        scanner?.scan(text, false);
        parser.write(text);
      }
      // A chunk that completed a value restarts the count (under by at most one chunk); one that did not adds to it.
      pendingBytes = index > before ? 0 : pendingBytes + chunk.length;
      yield* queue.splice(0, queue.length);
      if (syntaxError) break;
      if (pendingBytes > maxEntryBytes) {
        if (scanner && scanner.depth >= 1) {
          // Drop what the parser holds of the element and find its end with the scanner.
          index += 1;
          skipping = index;
          continue;
        }
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
  if (skipping !== undefined) {
    yield { kind: "skip", skip: { reason: "entry_too_large", input, position: skipping, detail: `element ${skipping}: over input.maxEntryBytes (${maxEntryBytes}); the input ended inside it` } };
    return { unfinished: `the input ended inside element ${skipping}` };
  }
  if (arrayClosed && !syntaxError && !broken) {
    yield* queue.splice(0, queue.length);
    return {};
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

