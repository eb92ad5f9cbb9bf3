import type { InputConfig } from "../../config/sections/input.js";
import type { SourceItem } from "../../model/source.js";
import { continueEntry, indentOf, stateAfterFirstLine, type TraceState } from "./continuation.js";
import { decodeUtf8, readLines, type InputBrokenError, type LineConsumer, type ReadEnd } from "./lines.js";

/** Blank lines an entry may span before what follows counts as a new entry (chained tracebacks and Go dumps use one). */
const MAX_BLANKS_INSIDE_ENTRY = 2;

type TextLimits = Pick<InputConfig, "maxEntryBytes" | "maxStackLines" | "stackTailLines">;

interface OpenEntry {
  readonly firstLine: string;
  readonly firstIndent: number;
  readonly lineNumber: number;
  state: TraceState;
  pendingBlanks: number;
  continuationLines: number;
  /** The first lines after the first one, up to maxStackLines - stackTailLines. */
  readonly head: string[];
  /** The most recent lines past the head, a ring of stackTailLines. */
  tail: string[];
  omitted: number;
  chars: number;
}

/**
 * Plain text: one entry per line, plus the continuation lines that belong to it (stack traces, indented
 * detail, JSON blocks). Each entry's position is the line number of its first line.
 */
export class TextConsumer implements LineConsumer {
  readonly queue: SourceItem[] = [];
  private entry: OpenEntry | undefined;
  private readonly headCapacity: number;
  private readonly tailCapacity: number;

  constructor(
    private readonly input: string,
    private readonly limits: TextLimits,
  ) {
    this.tailCapacity = Math.min(limits.stackTailLines, limits.maxStackLines);
    this.headCapacity = limits.maxStackLines - this.tailCapacity;
  }

  line(bytes: Buffer, lineNumber: number, droppedBytes: number): void {
    let text = decodeUtf8(bytes);
    if (droppedBytes > 0) text += ` … [${droppedBytes} bytes cut: line longer than input.maxEntryBytes]`;
    if (text.trim() === "") {
      if (this.entry) {
        this.entry.pendingBlanks += 1;
        if (this.entry.pendingBlanks > MAX_BLANKS_INSIDE_ENTRY) this.flush();
      }
      return;
    }
    const entry = this.entry;
    const next = entry ? continueEntry(entry, text) : undefined;
    if (entry && next) {
      for (let i = 0; i < entry.pendingBlanks; i += 1) this.addContinuation(entry, "");
      entry.pendingBlanks = 0;
      entry.state = next;
      this.addContinuation(entry, text);
      return;
    }
    this.flush();
    this.entry = {
      firstLine: text,
      firstIndent: indentOf(text),
      lineNumber,
      state: stateAfterFirstLine(text),
      pendingBlanks: 0,
      continuationLines: 0,
      head: [],
      tail: [],
      omitted: 0,
      chars: text.length,
    };
  }

  end(_broken: InputBrokenError | undefined): undefined {
    this.flush();
    return undefined;
  }

  private addContinuation(entry: OpenEntry, text: string): void {
    entry.continuationLines += 1;
    if (entry.chars + text.length > this.limits.maxEntryBytes) {
      entry.omitted += 1;
      return;
    }
    if (entry.head.length < this.headCapacity) {
      entry.head.push(text);
      entry.chars += text.length;
      return;
    }
    if (this.tailCapacity === 0) {
      entry.omitted += 1;
      return;
    }
    entry.tail.push(text);
    entry.chars += text.length;
    if (entry.tail.length > this.tailCapacity) {
      entry.chars -= entry.tail.shift()?.length ?? 0;
      entry.omitted += 1;
    }
  }

  private flush(): void {
    const entry = this.entry;
    if (!entry) return;
    this.entry = undefined;
    const lines = [entry.firstLine, ...entry.head];
    if (entry.omitted > 0) lines.push(`  … ${entry.omitted} lines omitted (input.maxStackLines) …`);
    lines.push(...entry.tail);
    this.queue.push({
      kind: "entry",
      entry: { kind: "text", input: this.input, position: entry.lineNumber, text: lines.join("\n") },
    });
  }
}

export function readText(
  chunks: AsyncIterable<Buffer>,
  input: string,
  limits: TextLimits,
): AsyncGenerator<SourceItem, ReadEnd> {
  return readLines(chunks, limits.maxEntryBytes, new TextConsumer(input, limits));
}
