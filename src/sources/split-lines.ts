/**
 * Stack traces that reach Cloud Logging one line per entry. A container that prints a traceback to
 * stderr without a structured logger gets an entry per line (`Traceback (most recent call last):`,
 * each `File "…"` frame, the exception line), all from one instance within microseconds. Read as they
 * come, one crash is a hundred entries and the exception line is a cluster of its own, apart from its
 * frames. This transform joins such lines back into the entry they continue, using the same rules that
 * keep a plain-text log's stack traces together (`text/continuation.ts`), before anything else sees them.
 */
import type { RawEntry } from "../model/entry.js";
import type { SourceItem } from "../model/source.js";
import { continueEntry, indentOf, stateAfterFirstLine, type EntrySoFar } from "./text/continuation.js";

export interface SplitLineOptions {
  /** Lines further apart than this (by timestamp) are never joined: one print, not two. */
  readonly maxGapMs: number;
  /**
   * How late a traceback's exception line may come after its frames: stderr is flushed in pieces, and
   * the last line of a traceback was seen a second after the rest in real exports.
   */
  readonly maxExceptionGapMs: number;
  /** Lines joined into one entry at most; the rest start a new entry. */
  readonly maxLines: number;
  /** Candidate lines held back at most, over all streams, before the oldest are let through. */
  readonly maxHeldEntries: number;
}

/** One stderr/stdout line entry that may continue, or be continued by, its neighbours in time. */
interface Candidate {
  readonly entry: Extract<RawEntry, { kind: "json" }>;
  /** Where in the output this line's result goes, so entries leave in the order they came. */
  slot?: Slot<unknown>;
  readonly text: string;
  readonly timeMs: number;
  readonly timestamp: string;
}

/** A place in the output queue: filled when the line it holds is decided (or at once for other items). */
interface Slot<Item> {
  item?: Item | JoinItem;
}

/** The held lines of one stream (one log of one instance of one revision), in arrival order. */
interface HeldStream {
  readonly key: string;
  readonly lines: Candidate[];
  minMs: number;
  maxMs: number;
}

function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A plain-text line's time, else undefined (passed through). */
function lineTimeMs(json: Readonly<Record<string, unknown>>): number | undefined {
  const timestamp = json["timestamp"];
  if (typeof json["textPayload"] !== "string" || typeof timestamp !== "string" || json["jsonPayload"] !== undefined || json["httpRequest"] !== undefined) return undefined;
  const timeMs = Date.parse(timestamp);
  return Number.isNaN(timeMs) ? undefined : timeMs;
}

/** A plain-text line entry with a time and an instance to tie it to, else undefined (passed through). */
function candidateOf(entry: RawEntry): Candidate | undefined {
  if (entry.kind !== "json") return undefined;
  const timeMs = lineTimeMs(entry.json);
  if (timeMs === undefined) return undefined;
  return { entry, text: entry.json["textPayload"] as string, timeMs, timestamp: entry.json["timestamp"] as string };
}

function instanceOf(json: Readonly<Record<string, unknown>>): string | undefined {
  const instance = record(json["labels"])?.["instanceId"];
  return typeof instance === "string" ? instance : undefined;
}

/** Lines of one stream only ever join each other: same log, resource and instance. */
function streamKey(json: Readonly<Record<string, unknown>>): string | undefined {
  const instance = instanceOf(json);
  if (instance === undefined) return undefined;
  const resource = record(json["resource"]);
  const labels = record(resource?.["labels"]);
  return [json["logName"], resource?.["type"], labels?.["service_name"], labels?.["revision_name"], instance].map(String).join("\u0000");
}

/**
 * Whether the join may hold this entry back and join it with its neighbours. An entry it cannot is
 * passed through untouched, so a reader that parses elements elsewhere (the pipeline's entry
 * workers) may prepare those at once and give the join only these.
 */
export function mayJoinSplitLines(entry: RawEntry): boolean {
  // Asked of every entry before the join: decided without building the candidate or its stream key.
  return entry.kind === "json" && lineTimeMs(entry.json) !== undefined && instanceOf(entry.json) !== undefined;
}

type EntryItem = Extract<SourceItem, { kind: "entry" }>;
/** What the join yields besides the items it was given: joined entries, and the lines they absorbed. */
type JoinItem = Extract<SourceItem, { kind: "entry" } | { kind: "joined" }>;

function isEntryItem(item: { readonly kind: string }): item is EntryItem {
  return item.kind === "entry";
}

/** Earlier first; equal milliseconds by the sub-millisecond digits, then by position in the input. */
function byTime(a: Candidate, b: Candidate): number {
  return a.timeMs - b.timeMs || (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0) || a.entry.position - b.entry.position;
}

/** `UnboundLocalError: cannot access …`, `requests.exceptions.ConnectionError: …`, `KeyboardInterrupt`. */
const PYTHON_EXCEPTION_LINE = /^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Warning|Timeout|Failure)\b(:|$)/;

function firstLineOf(text: string): string {
  const end = text.indexOf("\n");
  return end < 0 ? text : text.slice(0, end);
}

/**
 * The state after the rest of an entry's own lines (an entry may already hold a whole traceback):
 * what decides whether the next entry continues it is where its last line left off.
 */
function afterOwnLines(soFar: EntrySoFar, text: string): EntrySoFar {
  let state = soFar;
  const lines = text.split("\n");
  for (let index = 1; index < lines.length; index += 1) {
    const line = lines[index] ?? "";
    if (line.trim() === "") continue;
    state = { ...state, state: continueEntry(state, line) ?? state.state, continuationLines: state.continuationLines + 1 };
  }
  return state;
}

/**
 * The entries a stream's held lines make: each line either continues the entry before it (a frame,
 * an indented source line, the exception after the frames) or starts one. A joined entry is its first
 * line's entry with the lines' text; the lines it absorbed are reported as joined.
 */
function joinStream(stream: HeldStream, options: SplitLineOptions): [Candidate, JoinItem][] {
  const out: [Candidate, JoinItem][] = [];
  const lines = [...stream.lines].sort(byTime);
  let head: Candidate | undefined;
  let texts: string[] = [];
  let absorbed: Candidate[] = [];
  let soFar: EntrySoFar | undefined;
  let previousMs = 0;

  const emit = (): void => {
    if (!head) return;
    if (absorbed.length === 0) out.push([head, { kind: "entry", entry: head.entry }]);
    else {
      const json = { ...head.entry.json, textPayload: texts.join("\n") };
      // the joined text is printable only if every line was
      const printableAscii = head.entry.printableAscii === true && absorbed.every((line) => line.entry.printableAscii === true);
      out.push([head, { kind: "entry", entry: { ...head.entry, json, printableAscii } }]);
      for (const line of absorbed) out.push([line, { kind: "joined", input: line.entry.input, position: line.entry.position, into: head.entry.position }]);
    }
  };

  for (const line of lines) {
    const first = firstLineOf(line.text);
    const awaitsException = soFar?.state.kind === "python" && PYTHON_EXCEPTION_LINE.test(first);
    const gap = awaitsException ? options.maxExceptionGapMs : options.maxGapMs;
    const state =
      soFar && line.timeMs - previousMs <= gap && absorbed.length + 1 < options.maxLines && first.trim() !== "" ? continueEntry(soFar, first) : undefined;
    if (soFar && state) {
      texts.push(line.text);
      absorbed.push(line);
      soFar = afterOwnLines({ ...soFar, state, continuationLines: soFar.continuationLines + 1 }, line.text);
    } else {
      emit();
      head = line;
      texts = [line.text];
      absorbed = [];
      soFar = afterOwnLines({ firstLine: first, firstIndent: indentOf(first), continuationLines: 0, state: stateAfterFirstLine(first), pendingBlanks: 0 }, line.text);
    }
    previousMs = line.timeMs;
  }
  emit();
  return out;
}

/**
 * Joins split stack-trace lines in any source. Inputs are in time order, ascending (the Logs Explorer's
 * download) or descending (`gcloud logging read`), so a stream's lines are contiguous in time and a
 * stream can be let go once the read has moved past it by more than either gap; other entries pass through
 * at once. Held lines are bounded; every line read is either yielded or reported as joined. Items of
 * other kinds than a source's (the pipeline's entries prepared ahead) pass through in their place.
 */
export async function* joinSplitLines<Item extends { readonly kind: string } = SourceItem>(
  source: AsyncIterable<Item>,
  options: SplitLineOptions,
): AsyncGenerator<Item | JoinItem> {
  const held = new Map<string, HeldStream>();
  const window = Math.max(options.maxGapMs, options.maxExceptionGapMs);
  // Every item after the first held line waits in `queue` until the lines before it are decided.
  const queue: Slot<Item>[] = [];

  const release = (stream: HeldStream): void => {
    held.delete(stream.key);
    for (const [line, item] of joinStream(stream, options)) if (line.slot) line.slot.item = item;
  };
  function* drain(): Generator<Item | JoinItem> {
    while (queue.length > 0 && queue[0]?.item !== undefined) yield (queue.shift() as Required<Slot<Item>>).item;
  }
  const enqueue = (item?: Item): Slot<Item> => {
    const slot: Slot<Item> = item ? { item } : {};
    queue.push(slot);
    return slot;
  };

  for await (const item of source) {
    if (!isEntryItem(item)) {
      if (item.kind === "end") for (const stream of [...held.values()]) release(stream);
      if (queue.length === 0) yield item;
      else enqueue(item);
      yield* drain();
      continue;
    }
    const candidate = candidateOf(item.entry);
    const key = candidate && streamKey(candidate.entry.json);
    if (!candidate || key === undefined) {
      if (queue.length === 0) yield item;
      else enqueue(item);
      continue;
    }
    candidate.slot = enqueue();
    const { timeMs } = candidate;
    const stream = held.get(key);
    if (stream && timeMs >= stream.minMs - window && timeMs <= stream.maxMs + window) {
      stream.lines.push(candidate);
      stream.minMs = Math.min(stream.minMs, timeMs);
      stream.maxMs = Math.max(stream.maxMs, timeMs);
    } else {
      if (stream) release(stream);
      held.set(key, { key, lines: [candidate], minMs: timeMs, maxMs: timeMs });
    }
    // A stream the read has moved past (either direction) gets no more lines.
    for (const other of [...held.values()]) {
      if (other.key !== key && (timeMs > other.maxMs + window || timeMs < other.minMs - window)) release(other);
    }
    // Bounded: past the limit the oldest streams are decided as they stand.
    while (queue.length > options.maxHeldEntries && held.size > 0) {
      const oldest = held.values().next().value;
      if (!oldest) break;
      release(oldest);
    }
    yield* drain();
  }
  for (const stream of [...held.values()]) release(stream);
  yield* drain();
}
