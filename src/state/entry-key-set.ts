import { hashEntryKey } from "./entry-key-hash.js";

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

export class EntryKeySet {
  #slots = new Int32Array(2 * 1024);
  #mask = 1023;
  #size = 0;
  /** (0, 0) marks an empty slot, so a key that hashes to it is remembered here. */
  #hasZero = false;

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
    if (!this.#insert(this.#slots, this.#mask, hi, lo)) return false;
    this.#size += 1;
    if (this.#size > this.#mask * MAX_LOAD) this.#grow();
    return true;
  }

  has(key: string): boolean {
    const hash = hashEntryKey(key);
    const hi = hash[0] ?? 0;
    const lo = hash[1] ?? 0;
    if (hi === 0 && lo === 0) return this.#hasZero;
    return !isEmpty(this.#slots, probe(this.#slots, this.#mask, hi, lo));
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
