import { accessSync, constants, createReadStream, statSync } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import type { InputConfig } from "../config/sections/input.js";
import { UsageError } from "../model/errors.js";
import type { Completeness, InputFormat, LogSource, SourceItem } from "../model/source.js";
import { readGcloudExport, type ArrayLayout } from "./gcloud-export/source.js";
import { GCLOUD_LAYOUT_START } from "./gcloud-export/layout.js";
import { readJsonStream } from "./gcloud-export/streaming.js";
import { readNdjson } from "./ndjson/source.js";
import { decodeUtf8, InputBrokenError, type ReadEnd } from "./text/lines.js";
import { readText } from "./text/source.js";

export interface InputContext {
  readonly stdin: NodeJS.ReadableStream;
  readonly options: InputConfig;
  /** gcloud exports: yield elements unparsed (`unparsed` items), for a caller that parses them off the main thread. */
  readonly leaveJsonUnparsed?: boolean;
}

/** What an input's first bytes say it is. */
export type DetectedFormat =
  | { readonly format: "gcloud-json"; readonly layout: ArrayLayout }
  | { readonly format: "ndjson"; readonly layout: "lines" | "concatenated" }
  | { readonly format: "text" };

/** The name an input goes by in reports and skip positions. */
export function inputName(path: string): string {
  return path === "-" ? "stdin" : path;
}

/**
 * Opens one input: a file path, or `-` for standard input. A missing or unreadable file throws
 * `UsageError("cannot read <path>: <reason>")` here, before any entry is yielded. gzip is detected by its
 * magic bytes and the format by content (never by file name). The last item is always `end`.
 */
export function openInput(path: string, ctx: InputContext): LogSource {
  checkInputPath(path);
  return { [Symbol.asyncIterator]: () => readInput(path, ctx) };
}

/**
 * Throws `UsageError("cannot read <path>: <reason>")` for a missing file, a directory or one without
 * read permission (`-` always passes). Call it for every `--input` before reading the first, so a typo
 * in the last path fails the run at once rather than after the others were read.
 */
export function checkInputPath(path: string): void {
  if (path !== "-") assertReadableFile(path);
}

/**
 * Decides the format from the first bytes (after gunzip): a JSON array, NDJSON (or pretty objects one
 * after another), or plain text. `[` counts as JSON only when a `{` or `]` follows, since text logs often
 * start with `[2025-…]` or `[INFO]`; `{` counts as NDJSON only when the first line parses as an object.
 */
export function detectFormat(head: string, complete: boolean): DetectedFormat {
  const text = head.replace(/^\uFEFF/, "");
  const start = text.search(/\S/);
  if (start < 0) return { format: "text" };
  const rest = text.slice(start);
  if (rest.startsWith("[")) {
    const next = rest.slice(1).search(/\S/);
    const after = next < 0 ? undefined : rest[next + 1];
    if (after === "{" || after === "]" || (after === undefined && !complete)) {
      return { format: "gcloud-json", layout: GCLOUD_LAYOUT_START.test(rest) || /^\[\s*\]\s*$/.test(rest) ? "gcloud" : "any" };
    }
    return { format: "text" };
  }
  if (rest.startsWith("{")) {
    const newline = rest.indexOf("\n");
    if (newline < 0) return { format: "ndjson", layout: "lines" }; // one line, or a first line longer than the sniff window
    const firstLine = rest.slice(0, newline).trim();
    if (firstLine === "{") return { format: "ndjson", layout: "concatenated" };
    try {
      const value: unknown = JSON.parse(firstLine);
      if (typeof value === "object" && value !== null && !Array.isArray(value)) return { format: "ndjson", layout: "lines" };
    } catch {
      // not JSON: a text log whose first line starts with `{`
    }
  }
  return { format: "text" };
}

function assertReadableFile(path: string): void {
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) throw new UsageError(`cannot read ${path}: it is a directory`);
    accessSync(path, constants.R_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${path}: ${describeFsError(error)}`);
  }
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    case "ELOOP":
      return "too many symbolic links";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

async function* readInput(path: string, ctx: InputContext): AsyncGenerator<SourceItem> {
  const input = inputName(path);
  const counter = { bytes: 0 };
  const raw = rawChunks(path === "-" ? ctx.stdin : createReadStream(path), counter);
  const magic = await peek(raw, 2);
  const gzipped = magic.head.length >= 2 && magic.head[0] === 0x1f && magic.head[1] === 0x8b;
  const inflated = gzipped ? gunzip(magic.chunks) : magic.chunks;
  const bom = await peek(inflated[Symbol.asyncIterator](), 2);
  const utf16 = utf16Encoding(bom.head);
  const plain = utf16 ? transcodeToUtf8(bom.chunks, utf16) : bom.chunks;
  const sniffed = await peek(plain[Symbol.asyncIterator](), ctx.options.formatSniffBytes);
  const detected = detectFormat(decodeUtf8(sniffed.head), sniffed.complete);

  const reader = readFormat(detected, sniffed.chunks, input, ctx.options, ctx.leaveJsonUnparsed === true);
  let items = 0;
  let end: ReadEnd;
  try {
    let step = await reader.next();
    while (!step.done) {
      items += 1;
      yield step.value;
      step = await reader.next();
    }
    end = step.value;
  } finally {
    await reader.return({}); // a caller that stops early closes the file
  }
  if (end.broken?.origin === "gzip") {
    items += 1;
    yield { kind: "skip", skip: { reason: "invalid_gzip", input, position: items, detail: end.broken.message } };
  }
  const completeness: Completeness = end.broken
    ? { kind: "truncated", reason: end.broken.message }
    : end.unfinished
      ? { kind: "truncated", reason: end.unfinished }
      : items === 0
        ? { kind: "no_data" }
        : { kind: "complete" };
  const format: InputFormat = detected.format;
  yield { kind: "end", result: { input, format, entriesRead: items, bytesRead: counter.bytes, completeness } };
}

function readFormat(detected: DetectedFormat, chunks: AsyncIterable<Buffer>, input: string, options: InputConfig, leaveUnparsed: boolean): AsyncGenerator<SourceItem, ReadEnd> {
  switch (detected.format) {
    case "gcloud-json":
      return readGcloudExport(chunks, input, detected.layout, options, leaveUnparsed);
    case "ndjson":
      return detected.layout === "lines" ? readNdjson(chunks, input, options) : readJsonStream(chunks, input, "concatenated", options.maxEntryBytes);
    case "text":
      return readText(chunks, input, options);
  }
}

async function* rawChunks(stream: NodeJS.ReadableStream, counter: { bytes: number }): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      counter.bytes += bytes.length;
      yield bytes;
    }
  } catch (error) {
    throw new InputBrokenError("read", `read failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Decompresses; a corrupt or cut `.gz` ends the stream with an `InputBrokenError("gzip")` after what was recovered. */
async function* gunzip(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const inflater = createGunzip();
  const feeding = pipeline(Readable.from(source, { objectMode: false }), inflater);
  feeding.catch(() => undefined); // the same error surfaces through the iteration below
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) yield chunk;
  } catch (error) {
    if (error instanceof InputBrokenError) throw error;
    throw new InputBrokenError("gzip", `gzip stream broke: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** PowerShell 5's `>` writes UTF-16 with a byte-order mark; such a file is read as what it says it is. */
function utf16Encoding(head: Buffer): "utf-16le" | "utf-16be" | undefined {
  if (head.length < 2) return undefined;
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  return undefined;
}

async function* transcodeToUtf8(source: AsyncIterable<Buffer>, encoding: "utf-16le" | "utf-16be"): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder(encoding, { fatal: false }); // drops the BOM, unpaired surrogates become U+FFFD
  for await (const chunk of source) yield Buffer.from(decoder.decode(chunk, { stream: true }));
  const rest = decoder.decode();
  if (rest) yield Buffer.from(rest);
}

interface Peeked {
  /** The first bytes (at least `want`, unless the input is shorter or broke). */
  readonly head: Buffer;
  /** True when the head is the whole input. */
  readonly complete: boolean;
  /** Every chunk from the start, the peeked ones included. */
  readonly chunks: AsyncIterable<Buffer>;
}

/** Reads ahead at least `want` bytes, then replays them before the rest; a break is replayed at its place. */
async function peek(source: AsyncIterator<Buffer>, want: number): Promise<Peeked> {
  const head: Buffer[] = [];
  let size = 0;
  let done = false;
  let failure: InputBrokenError | undefined;
  try {
    while (size < want) {
      const step = await source.next();
      if (step.done) {
        done = true;
        break;
      }
      head.push(step.value);
      size += step.value.length;
    }
  } catch (error) {
    if (!(error instanceof InputBrokenError)) throw error;
    failure = error;
    done = true;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    yield* head;
    if (failure) throw failure;
    if (done) return;
    for (;;) {
      const step = await source.next();
      if (step.done) return;
      yield step.value;
    }
  }
  return { head: Buffer.concat(head, size), complete: done && !failure, chunks: replay() };
}
