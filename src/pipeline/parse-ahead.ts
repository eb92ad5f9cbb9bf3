/**
 * Parsing before the split-line join (split-lines.ts): elements a source left unparsed are parsed
 * here, on this thread or in the pool's workers, so the join sees the same entries in the same places
 * with one thread or many. With a pool, workers also prepare every entry the join cannot hold back
 * (most), so those cross back once, ready; the join's lines come back parsed and are prepared after it.
 */
import type { LogSource, SourceItem } from "../model/source.js";
import { parseElement } from "../sources/gcloud-export/element.js";
import { mayJoinSplitLines } from "../sources/split-lines.js";
import type { RawEntry } from "../model/entry.js";
import type { NormaliseResult } from "../normalise/normalise.js";
import { prepareElement, prepareEntry, type ElementResult, type PreparedEntry } from "./prepare.js";
import type { AheadInput, PreparePool } from "./prepare-pool.js";

/** An entry a worker prepared ahead of the join. */
export interface PreparedItem {
  readonly kind: "prepared";
  readonly prepared: PreparedEntry;
}

/** A source's items with every element parsed (or already prepared). */
export type ParsedItem = Exclude<SourceItem, { kind: "unparsed" }> | PreparedItem;

/** Batches held in order at most (the oldest may still be out in a worker while this thread prepares others). */
const MAX_QUEUED = 8;

/** A place in a batch taken by an entry or element out in a worker. */
const AHEAD = 0;

/**
 * `joins`: the split-line join follows, so the entries it may hold back stay raw. `normalise` is this
 * thread's normaliser: when every worker has its batches queued, this thread prepares the next batch
 * itself instead of waiting (preparing is pure, so where it runs changes nothing). `localFirst`: items
 * parsed here before the pool is used at all, so a small input never starts a worker.
 */
export async function* parseAhead(
  source: LogSource,
  pool: PreparePool | undefined,
  joins: boolean,
  normalise: (raw: RawEntry) => NormaliseResult,
  localFirst = 0,
): AsyncGenerator<ParsedItem> {
  const iterator = source[Symbol.asyncIterator]();
  const rest: AsyncIterable<SourceItem> = { [Symbol.asyncIterator]: () => iterator };
  const local = pool === undefined ? Number.POSITIVE_INFINITY : localFirst;
  // the source is closed if this stops early (an error, or the reader stopping), as for-await would
  let handedOn = false;
  try {
    for (let parsed = 0; parsed < local; parsed += 1) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value.kind === "unparsed" ? parseElement(next.value.unparsed) : next.value;
    }
    handedOn = true;
  } finally {
    if (!handedOn) await iterator.return?.(undefined);
  }
  if (pool === undefined) return;
  // Items not prepared ahead keep their place between the ones around them.
  const inFlight: { readonly items: readonly (ParsedItem | typeof AHEAD)[]; readonly results: Promise<readonly ElementResult[]>; done: boolean }[] = [];
  let items: (ParsedItem | typeof AHEAD)[] = [];
  let ahead: AheadInput[] = [];
  // Batches the workers have not answered yet; at the limit, this thread prepares the next one.
  let inPool = 0;
  const flush = (): void => {
    if (items.length === 0) return;
    const batch = ahead;
    if (batch.length === 0 || inPool >= pool.maxBatchesInFlight) {
      inFlight.push({ items, results: Promise.resolve(batch.map((input) => prepareAhead(input, normalise))), done: true });
    } else {
      inPool += 1;
      const queued = { items, results: pool.prepare(batch), done: false };
      const answered = (): void => {
        queued.done = true;
        inPool -= 1;
      };
      queued.results.then(answered, answered);
      inFlight.push(queued);
    }
    items = [];
    ahead = [];
  };
  async function* settleOldest(): AsyncGenerator<ParsedItem> {
    const oldest = inFlight.shift();
    if (oldest === undefined) return;
    const results = await oldest.results;
    let next = 0;
    for (const item of oldest.items) {
      if (item !== AHEAD) yield item;
      else {
        const result = results[next++] as ElementResult;
        yield result.kind === "parsed" ? { kind: "entry", entry: result.entry } : { kind: "prepared", prepared: result };
      }
    }
  }
  for await (const item of rest) {
    if (item.kind === "unparsed" || (item.kind === "entry" && !(joins && mayJoinSplitLines(item.entry)))) {
      items.push(AHEAD);
      ahead.push(item);
    } else if (items.length === 0 && inFlight.length === 0) {
      yield item; // nothing ahead of it
      continue;
    } else items.push(item);
    if (items.length >= pool.batchSize || item.kind === "end") {
      flush();
      // answered batches leave at once; past the bound this thread waits for the oldest
      while (inFlight[0]?.done === true || inFlight.length > MAX_QUEUED) yield* settleOldest();
    }
  }
  flush();
  while (inFlight.length > 0) yield* settleOldest();
}

function prepareAhead(input: AheadInput, normalise: (raw: RawEntry) => NormaliseResult): ElementResult {
  return input.kind === "entry" ? prepareEntry(input.entry, normalise) : prepareElement(input.unparsed, normalise);
}
