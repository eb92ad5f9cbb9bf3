/**
 * Parsing before the split-line join (split-lines.ts): elements a source left unparsed are parsed
 * here, on this thread or in the pool's workers, so the join sees the same entries in the same places
 * with one thread or many. A worker also prepares the elements the join cannot hold back (most), so
 * those cross back once, ready; the rest come back parsed and are prepared after the join.
 */
import type { LogSource, SourceItem, UnparsedJson } from "../model/source.js";
import { parseElement } from "../sources/gcloud-export/element.js";
import type { ElementResult, PreparedEntry } from "./prepare.js";
import type { PreparePool } from "./prepare-pool.js";

/** An entry a worker prepared ahead of the join. */
export interface PreparedItem {
  readonly kind: "prepared";
  readonly prepared: PreparedEntry;
}

/** A source's items with every element parsed (or already prepared). */
export type ParsedItem = Exclude<SourceItem, { kind: "unparsed" }> | PreparedItem;

/** A place in a batch taken by an element out in a worker. */
const ELEMENT = 0;

export async function* parseAhead(source: LogSource, pool?: PreparePool): AsyncGenerator<ParsedItem> {
  if (pool === undefined) {
    for await (const item of source) yield item.kind === "unparsed" ? parseElement(item.unparsed) : item;
    return;
  }
  // Items that are not elements keep their place between the elements around them.
  const inFlight: { readonly items: readonly (ParsedItem | typeof ELEMENT)[]; readonly results: Promise<readonly ElementResult[]> }[] = [];
  let items: (ParsedItem | typeof ELEMENT)[] = [];
  let elements: UnparsedJson[] = [];
  const flush = (): void => {
    if (items.length === 0) return;
    inFlight.push({ items, results: elements.length === 0 ? Promise.resolve([]) : pool.prepareElements(elements) });
    items = [];
    elements = [];
  };
  async function* settleOldest(): AsyncGenerator<ParsedItem> {
    const oldest = inFlight.shift();
    if (oldest === undefined) return;
    const results = await oldest.results;
    let next = 0;
    for (const item of oldest.items) {
      if (item !== ELEMENT) yield item;
      else {
        const result = results[next++] as ElementResult;
        yield result.kind === "parsed" ? { kind: "entry", entry: result.entry } : { kind: "prepared", prepared: result };
      }
    }
  }
  for await (const item of source) {
    if (item.kind === "unparsed") {
      items.push(ELEMENT);
      elements.push(item.unparsed);
    } else if (items.length === 0 && inFlight.length === 0) {
      yield item; // nothing ahead of it
      continue;
    } else items.push(item);
    if (items.length >= pool.batchSize || item.kind === "end") {
      flush();
      while (inFlight.length > pool.maxBatchesInFlight) yield* settleOldest();
    }
  }
  flush();
  while (inFlight.length > 0) yield* settleOldest();
}
