import type { SourceItem } from "../../model/source.js";

/** Why a byte stream ended early: a `.gz` member that broke, or a read that failed. What came before is kept. */
export class InputBrokenError extends Error {
  override name = "InputBrokenError";
  constructor(
    readonly origin: "gzip" | "read",
    message: string,
  ) {
    super(message);
  }
}

/** How a read ended, besides the items it yielded. */
export interface ReadEnd {
  readonly broken?: InputBrokenError;
  /** The input stopped in the middle of a structure (an unclosed JSON array), so later entries may be missing. */
  readonly unfinished?: string;
}

/** Receives every line of an input in order; queues the items it makes for the reader to yield. */
export interface LineConsumer {
  /** `bytes` has no line ending; `droppedBytes` > 0 when the line was longer than the limit and cut. */
  line(bytes: Buffer, lineNumber: number, droppedBytes: number): void;
  /** The input ended (cleanly, or `broken`): flush whatever is pending; says why, if the input stopped mid-structure. */
  end(broken: InputBrokenError | undefined): string | undefined;
  /** Items made so far and not yet yielded; the reader empties it after every chunk. */
  readonly queue: SourceItem[];
  /**
   * Optional fast path: takes whole lines straight from `chunk` at `start` (a line start, nothing
   * pending), as many as it wants, and says where it stopped and how many lines that was; undefined
   * to decline. Lines taken this way never reach `line`.
   */
  block?(chunk: Buffer, start: number): BlockTaken | undefined;
}

export interface BlockTaken {
  /** Index in the chunk just past the last `\n` taken. */
  readonly end: number;
  readonly lines: number;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Splits a byte stream into lines without decoding (0x0A never occurs inside a UTF-8 sequence, so
 * decoding per line is exact). A line longer than `maxLineBytes` keeps its first `maxLineBytes`
 * bytes and counts the rest, so one runaway line cannot exhaust memory.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private partBytes = 0;
  private dropped = 0;
  private lineNumber = 0;

  constructor(private readonly maxLineBytes: number) {}

  push(chunk: Buffer, consumer: LineConsumer): void {
    let start = 0;
    for (;;) {
      if (consumer.block !== undefined && this.partBytes === 0 && this.dropped === 0) {
        const taken = consumer.block(chunk, start);
        if (taken !== undefined) {
          start = taken.end;
          this.lineNumber += taken.lines;
        }
      }
      const end = chunk.indexOf(NEWLINE, start);
      if (end < 0) break;
      this.append(chunk.subarray(start, end));
      this.emit(consumer);
      start = end + 1;
    }
    if (start < chunk.length) this.append(chunk.subarray(start));
  }

  /** The last line when the input does not end with a newline. */
  finish(consumer: LineConsumer): void {
    if (this.partBytes > 0 || this.dropped > 0) this.emit(consumer);
  }

  /** Forgets an unterminated last line (after a broken stream, where it is most likely cut mid-way). */
  discard(): void {
    this.parts = [];
    this.partBytes = 0;
    this.dropped = 0;
  }

  private append(bytes: Buffer): void {
    const room = this.maxLineBytes - this.partBytes;
    if (bytes.length <= room) {
      if (bytes.length > 0) this.parts.push(bytes);
      this.partBytes += bytes.length;
      return;
    }
    if (room > 0) this.parts.push(bytes.subarray(0, room));
    this.partBytes += Math.max(room, 0);
    this.dropped += bytes.length - Math.max(room, 0);
  }

  private emit(consumer: LineConsumer): void {
    let line = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.partBytes);
    if (line.length > 0 && line[line.length - 1] === CARRIAGE_RETURN && this.dropped === 0) line = line.subarray(0, line.length - 1);
    this.lineNumber += 1;
    consumer.line(line, this.lineNumber, this.dropped);
    this.parts = [];
    this.partBytes = 0;
    this.dropped = 0;
  }
}

/**
 * Feeds `chunks` through a splitter into `consumer` and yields what it queues, one chunk at a time
 * (so backpressure holds: nothing is read ahead of what the caller consumed).
 * Returns how the read ended.
 */
export async function* readLines(
  chunks: AsyncIterable<Buffer>,
  maxLineBytes: number,
  consumer: LineConsumer,
): AsyncGenerator<SourceItem, ReadEnd> {
  const splitter = new LineSplitter(maxLineBytes);
  let broken: InputBrokenError | undefined;
  try {
    for await (const chunk of chunks) {
      splitter.push(chunk, consumer);
      yield* drain(consumer.queue);
    }
  } catch (error) {
    if (!(error instanceof InputBrokenError)) throw error;
    broken = error;
  }
  if (broken) splitter.discard();
  else splitter.finish(consumer);
  const unfinished = consumer.end(broken);
  yield* drain(consumer.queue);
  return { ...(broken ? { broken } : {}), ...(unfinished ? { unfinished } : {}) };
}

function* drain(queue: SourceItem[]): Generator<SourceItem> {
  if (queue.length === 0) return;
  const items = queue.splice(0, queue.length);
  yield* items;
}

const utf8 = new TextDecoder("utf-8", { fatal: false });

/** Decodes UTF-8; invalid sequences become U+FFFD rather than failing. */
export function decodeUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}
