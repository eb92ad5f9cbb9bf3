import { hashEntryKey } from "./entry-key-hash.js";
import type { SpillFile } from "./spill-file.js";

/**
 * A set of entry keys held as their 64-bit hashes (`hashEntryKey`), open addressing over one
 * Int32Array: 8 bytes a slot at most MAX_LOAD full (a million keys fit 2²¹ slots, 16 MiB), where a `Set<string>` of the keys held ~100 bytes a key
 * (bench/pipeline.bench.ts, 1M entries). Two distinct keys share a hash with a chance of about
 * n²/2⁶⁵ (3e-8 for a million keys): at worst one entry is taken for a duplicate and not counted.
 */
/** Linear probing stays short up to here (~2.5 probes a hit, ~8.5 a miss), and the table a third smaller than at 1/2. */
const MAX_LOAD = 0.75;

/** The slot of (hi, lo) in a table of interleaved pairs, or the empty slot where it would go ((0, 0) marks empty). */
function probe(slots: Int32Array, mask: number, hi: number, lo: number): number {
  for (let slot = lo & mask; ; slot = (slot + 1) & mask) {
    const h = slots[2 * slot] ?? 0;
    const l = slots[2 * slot + 1] ?? 0;
    if ((h === 0 && l === 0) || (h === hi && l === lo)) return slot;
  }
}

function isEmpty(slots: Int32Array, slot: number): boolean {
  return slots[2 * slot] === 0 && slots[2 * slot + 1] === 0;
}

/** Keys the in-memory table holds before they go to the spill file as a sorted segment: ¾ of 2¹⁸ slots (2 MiB). */
const SEGMENT_KEYS = 196_608;
/** Keys a segment's in-memory index points at: one 2 KiB read finds a key within a segment. */
const BLOCK_KEYS = 256;
/** Bits of the filter in front of the segments (2 MiB): at 1M keys ~0.2% of new keys search them. */
const FILTER_BITS = 2 ** 24;
const FILTER_PROBES = 3;

/** A sorted run of spilled keys: on disk as u32 pairs laid out as HI and LO say, the first key of every block kept here. */
interface Segment {
  readonly offset: number;
  readonly size: number;
  /** The first key of each block, as pairs laid out like the segment's. */
  readonly firsts: Uint32Array;
}

export interface EntryKeySetOptions {
  /** Where keys past `segmentKeys` go, so the set's memory stays the same however many it holds. */
  readonly spill?: SpillFile;
  readonly segmentKeys?: number;
}

export class EntryKeySet {
  #slots = new Int32Array(2 * 1024);
  #mask = 1023;
  #size = 0;
  /** Keys in #slots (the rest are in segments). */
  #inTable = 0;
  /** (0, 0) marks an empty slot, so a key that hashes to it is remembered here. */
  #hasZero = false;
  readonly #spill: SpillFile | undefined;
  readonly #segmentKeys: number;
  readonly #segments: Segment[] = [];
  #filter: Uint32Array | undefined;
  readonly #block = new Uint32Array(2 * BLOCK_KEYS);

  /**
   * Without a spill file the set is one table in memory. With one, every `segmentKeys` keys leave
   * the table for a sorted segment on disk, with a bit filter in front: memory stays ~4 MiB where
   * the table alone was 16 MiB at 1M keys (bench/pipeline.bench.ts), and only keys the filter
   * cannot rule out (duplicates, and ~0.2% of new keys at 1M) read a block from disk.
   */
  constructor(options: EntryKeySetOptions = {}) {
    this.#spill = options.spill;
    this.#segmentKeys = options.segmentKeys ?? SEGMENT_KEYS;
  }

  get size(): number {
    return this.#size;
  }

  /** Adds the key; false when it (or a key with the same 64-bit hash) was already there. */
  add(key: string): boolean {
    const hash = hashEntryKey(key);
    const hi = hash[0] ?? 0;
    const lo = hash[1] ?? 0;
    if (hi === 0 && lo === 0) {
      if (this.#hasZero) return false;
      this.#hasZero = true;
      this.#size += 1;
      return true;
    }
    const slot = probe(this.#slots, this.#mask, hi, lo);
    if (!isEmpty(this.#slots, slot) || this.#inSegments(hi, lo)) return false;
    this.#slots[2 * slot] = hi;
    this.#slots[2 * slot + 1] = lo;
    this.#size += 1;
    this.#inTable += 1;
    if (this.#spill !== undefined && this.#inTable >= this.#segmentKeys) this.#spillTable(this.#spill);
    else if (this.#inTable > this.#mask * MAX_LOAD) this.#grow();
    return true;
  }

  has(key: string): boolean {
    const hash = hashEntryKey(key);
    const hi = hash[0] ?? 0;
    const lo = hash[1] ?? 0;
    if (hi === 0 && lo === 0) return this.#hasZero;
    return !isEmpty(this.#slots, probe(this.#slots, this.#mask, hi, lo)) || this.#inSegments(hi, lo);
  }

  #insert(slots: Int32Array, mask: number, hi: number, lo: number): boolean {
    const slot = probe(slots, mask, hi, lo);
    if (!isEmpty(slots, slot)) return false;
    slots[2 * slot] = hi;
    slots[2 * slot + 1] = lo;
    return true;
  }

  #grow(): void {
    const old = this.#slots;
    const mask = this.#mask * 2 + 1;
    const slots = new Int32Array(2 * (mask + 1));
    for (let i = 0; i < old.length; i += 2) {
      const hi = old[i] ?? 0;
      const lo = old[i + 1] ?? 0;
      if (hi !== 0 || lo !== 0) this.#insert(slots, mask, hi, lo);
    }
    this.#slots = slots;
    this.#mask = mask;
  }

  /** The table's keys, sorted, become a segment on disk and pass through the filter; the table is emptied for reuse. */
  #spillTable(spill: SpillFile): void {
    const filter = (this.#filter ??= new Uint32Array(FILTER_BITS / 32));
    // pairs laid out so that as u64s they sort by the unsigned (hi, lo) with no comparator
    const pairs = new Uint32Array(2 * this.#inTable);
    let n = 0;
    for (let i = 0; i < this.#slots.length; i += 2) {
      const hi = this.#slots[i] ?? 0;
      const lo = this.#slots[i + 1] ?? 0;
      if (hi === 0 && lo === 0) continue;
      pairs[2 * n + LO] = lo;
      pairs[2 * n + HI] = hi;
      n += 1;
      for (let p = 0; p < FILTER_PROBES; p++) {
        const bit = filterBit(hi, lo, p);
        filter[bit >>> 5] = (filter[bit >>> 5] ?? 0) | (1 << (bit & 31));
      }
    }
    new BigUint64Array(pairs.buffer).sort();
    const firsts = new Uint32Array(2 * Math.ceil(n / BLOCK_KEYS));
    for (let b = 0; 2 * b < firsts.length; b++) {
      firsts[2 * b + LO] = pairs[2 * b * BLOCK_KEYS + LO] ?? 0;
      firsts[2 * b + HI] = pairs[2 * b * BLOCK_KEYS + HI] ?? 0;
    }
    const offset = spill.append(new Uint8Array(pairs.buffer, 0, 8 * n));
    this.#segments.push({ offset, size: n, firsts });
    this.#slots.fill(0);
    this.#inTable = 0;
  }

  #inSegments(hi: number, lo: number): boolean {
    const filter = this.#filter;
    if (filter === undefined || this.#spill === undefined) return false;
    for (let p = 0; p < FILTER_PROBES; p++) {
      const bit = filterBit(hi, lo, p);
      if (((filter[bit >>> 5] ?? 0) & (1 << (bit & 31))) === 0) return false;
    }
    const uhi = hi >>> 0;
    const ulo = lo >>> 0;
    for (const segment of this.#segments) {
      // the last block whose first key is at or below the key
      let low = 0;
      let high = segment.firsts.length / 2 - 1;
      if (compare(segment.firsts[HI] ?? 0, segment.firsts[LO] ?? 0, uhi, ulo) > 0) continue;
      while (low < high) {
        const mid = (low + high + 1) >>> 1;
        if (compare(segment.firsts[2 * mid + HI] ?? 0, segment.firsts[2 * mid + LO] ?? 0, uhi, ulo) <= 0) low = mid;
        else high = mid - 1;
      }
      const keys = Math.min(BLOCK_KEYS, segment.size - low * BLOCK_KEYS);
      const block = this.#block.subarray(0, 2 * keys);
      this.#spill.read(segment.offset + 8 * low * BLOCK_KEYS, new Uint8Array(block.buffer, 0, 8 * keys));
      let a = 0;
      let b = keys - 1;
      while (a <= b) {
        const mid = (a + b) >>> 1;
        const order = compare(block[2 * mid + HI] ?? 0, block[2 * mid + LO] ?? 0, uhi, ulo);
        if (order === 0) return true;
        if (order < 0) a = mid + 1;
        else b = mid - 1;
      }
    }
    return false;
  }
}

/** Where each half sits in a pair, so that the pair read as a native u64 is hi·2³² + lo and sorts by (hi, lo). */
const HI = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

/** Unsigned (hi, lo) order of two keys. */
function compare(hiA: number, loA: number, hiB: number, loB: number): number {
  return hiA !== hiB ? (hiA < hiB ? -1 : 1) : loA !== loB ? (loA < loB ? -1 : 1) : 0;
}

/** The filter bit of a key's `probe`-th probe: the two halves of a uniform hash double-hash it. */
function filterBit(hi: number, lo: number, probe: number): number {
  return (lo + Math.imul(probe, hi | 1)) & (FILTER_BITS - 1);
}

/**
 * Entry key hashes (as `hashEntryKey` gives them) → the day of each entry, for a store that prunes
 * keys by age (memory-store.ts): EntryKeySet's table with a day beside each slot, 12 bytes a slot
 * at most MAX_LOAD full, where a Map of `hi:lo` strings held ~135 bytes a key (V8 heap live after a
 * full collection at the end of a `--no-state` run of 1M entries: 180 MiB, 45 MiB with a state file).
 */
export class EntryKeyDays {
  // small to start: a store holds one per cluster, and a run of mostly distinct lines has thousands
  #slots = new Int32Array(2 * 16);
  #days = new Int32Array(16);
  #mask = 15;
  #size = 0;
  /** The day of the key that hashes to (0, 0), which marks empty slots. */
  #zeroDay: number | undefined;

  get size(): number {
    return this.#size;
  }

  /** Adds the hashed key with its day; false (and the day unchanged) when it was there. */
  add(hi: number, lo: number, day: number): boolean {
    if (hi === 0 && lo === 0) {
      if (this.#zeroDay !== undefined) return false;
      this.#zeroDay = day;
      this.#size += 1;
      return true;
    }
    if (!this.#insert(hi, lo, day)) return false;
    this.#size += 1;
    if (this.#size > this.#mask * MAX_LOAD) this.#rebuild(this.#mask * 2 + 1, Number.NEGATIVE_INFINITY);
    return true;
  }

  /** Drops the keys of days before `day`; how many were dropped. */
  pruneBefore(day: number): number {
    const before = this.#size;
    if (this.#zeroDay !== undefined && this.#zeroDay < day) this.#zeroDay = undefined;
    this.#rebuild(this.#mask, day);
    return before - this.#size;
  }

  #insert(hi: number, lo: number, day: number): boolean {
    const slots = this.#slots;
    const slot = probe(slots, this.#mask, hi, lo);
    if (!isEmpty(slots, slot)) return false;
    slots[2 * slot] = hi;
    slots[2 * slot + 1] = lo;
    this.#days[slot] = day;
    return true;
  }

  /** A new table of `mask + 1` slots holding the keys of days from `keepFrom` on (open addressing has no cheap delete). */
  #rebuild(mask: number, keepFrom: number): void {
    const slots = this.#slots;
    const days = this.#days;
    this.#slots = new Int32Array(2 * (mask + 1));
    this.#days = new Int32Array(mask + 1);
    this.#mask = mask;
    this.#size = this.#zeroDay === undefined ? 0 : 1;
    for (let slot = 0; slot < days.length; slot += 1) {
      const hi = slots[2 * slot] ?? 0;
      const lo = slots[2 * slot + 1] ?? 0;
      const day = days[slot] ?? 0;
      if ((hi !== 0 || lo !== 0) && day >= keepFrom && this.#insert(hi, lo, day)) this.#size += 1;
    }
  }
}
