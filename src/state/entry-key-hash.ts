import type { EntryIdentity } from "./store.js";

/**
 * A 64-bit hash of an entry key, as two signed 32-bit halves (SQLite stores each in 4 bytes, and
 * no BigInt is needed on the hot path). cyrb53's two multiplicative lanes with both halves kept
 * (bryc, public domain). With a million keys in one cluster the chance of any collision is about
 * 3e-8; a collision would leave one entry uncounted, never double count one.
 */
export function hashEntryKey(key: string, out: Int32Array): void {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const ch = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  out[0] = h2;
  out[1] = h1;
}

const MS_PER_DAY = 86_400_000;

/** Days since the epoch, the unit entry keys are pruned by. */
export function epochDay(timeMs: number): number {
  return Math.floor(timeMs / MS_PER_DAY);
}

/** `HashedEntryKeys` day of an entry without a time: the store puts the run's day in its place. */
export const UNKNOWN_DAY = -0x80000000;

/**
 * Entry keys hashed as they arrive, in three growable columns: 12 bytes an entry where a
 * `{ key, timeMs }` object with its string took ~130 (bench/pipeline.bench.ts, 1M entries: peak RSS
 * 685 MiB before, see the figures in that file's header).
 */
export class HashedEntryKeys {
  hi: Int32Array<ArrayBuffer> = new Int32Array(16);
  lo: Int32Array<ArrayBuffer> = new Int32Array(16);
  /** `epochDay` of the entry, or UNKNOWN_DAY. */
  day: Int32Array<ArrayBuffer> = new Int32Array(16);
  length = 0;
  readonly #hash = new Int32Array(2);

  add(key: string, timeMs: number | undefined): void {
    hashEntryKey(key, this.#hash);
    this.addHashed(this.#hash[0] ?? 0, this.#hash[1] ?? 0, timeMs === undefined ? UNKNOWN_DAY : epochDay(timeMs));
  }

  addHashed(hi: number, lo: number, day: number): void {
    if (this.length === this.hi.length) [this.hi, this.lo, this.day] = [grow(this.hi), grow(this.lo), grow(this.day)];
    this.hi[this.length] = hi;
    this.lo[this.length] = lo;
    this.day[this.length] = day;
    this.length += 1;
  }

  /** Appends every key of `other`. */
  addAll(other: HashedEntryKeys): void {
    for (let i = 0; i < other.length; i++) this.addHashed(other.hi[i] ?? 0, other.lo[i] ?? 0, other.day[i] ?? UNKNOWN_DAY);
  }

  static from(entries: Iterable<EntryIdentity> | HashedEntryKeys): HashedEntryKeys {
    if (entries instanceof HashedEntryKeys) return entries;
    const hashed = new HashedEntryKeys();
    for (const entry of entries) hashed.add(entry.key, entry.timeMs);
    return hashed;
  }
}

/** Hashes every entry key into columns, with the order that sorts them by hash. */
export function hashEntries(entries: Iterable<EntryIdentity> | HashedEntryKeys, defaultDay: number): { hi: Int32Array; lo: Int32Array; day: Int32Array; order: Uint32Array } {
  if (entries instanceof HashedEntryKeys) {
    const n = entries.length;
    const day = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const known = entries.day[i] ?? UNKNOWN_DAY;
      day[i] = known === UNKNOWN_DAY ? defaultDay : known;
    }
    return { hi: entries.hi, lo: entries.lo, day, order: orderByHash(entries.hi, n) };
  }
  let hi: Int32Array<ArrayBuffer> = new Int32Array(1024);
  let lo: Int32Array<ArrayBuffer> = new Int32Array(1024);
  let day: Int32Array<ArrayBuffer> = new Int32Array(1024);
  const hash = new Int32Array(2);
  let n = 0;
  for (const entry of entries) {
    if (n === hi.length) {
      [hi, lo, day] = [grow(hi), grow(lo), grow(day)];
    }
    hashEntryKey(entry.key, hash);
    hi[n] = hash[0] ?? 0;
    lo[n] = hash[1] ?? 0;
    day[n] = entry.timeMs === undefined ? defaultDay : epochDay(entry.timeMs);
    n += 1;
  }
  return { hi, lo, day, order: orderByHash(hi, n) };
}

const INDEX_BITS = 2 ** 21;

/**
 * Entry positions ordered by the high half of their hash, so inserts walk the B-tree in order
 * (1M new keys: ~1.0 s CPU sorted vs ~1.35 s unsorted, bench/state.bench.ts). The high half (32
 * bits) and the position (21 bits) pack exactly into one double, so a native numeric sort does it
 * without a comparator (~100 ms CPU per million vs ~170 ms). Larger batches, which do not fit,
 * keep input order: correctness never depends on the order.
 */
function orderByHash(hi: Int32Array, n: number): Uint32Array {
  const order = new Uint32Array(n);
  if (n > INDEX_BITS) {
    for (let i = 0; i < n; i++) order[i] = i;
    return order;
  }
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) packed[i] = ((hi[i] ?? 0) >>> 0) * INDEX_BITS + i;
  packed.sort();
  for (let i = 0; i < n; i++) order[i] = (packed[i] ?? 0) % INDEX_BITS;
  return order;
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
