import { cyrb53 } from "../model/hash.js";

/** `EntryIdentity` of store.ts, restated so store.ts can name HashedEntryKeys without an import cycle. */
interface EntryIdentity {
  readonly key: string;
  readonly timeMs?: number;
}

/**
 * A 64-bit hash of an entry key (cyrb53, src/model/hash.ts), as two signed 32-bit halves: SQLite
 * stores each in 4 bytes, and no BigInt is needed on the hot path. With a million keys in one
 * cluster the chance of any collision is about 3e-8; a collision would leave one entry uncounted,
 * never double count one.
 */
export function hashEntryKey(key: string, out: Int32Array = scratch): Int32Array {
  cyrb53(key, out);
  const h1 = out[0] ?? 0;
  out[0] = out[1] ?? 0;
  out[1] = h1;
  return out;
}

/** Where a key is hashed when no `out` is given, to be read at once: one for the thread, not one per holder (a run has one per template). */
const scratch = new Int32Array(2);

const MS_PER_DAY = 86_400_000;

/** Days since the epoch, the unit entry keys are pruned by. */
export function epochDay(timeMs: number): number {
  return Math.floor(timeMs / MS_PER_DAY);
}

/** `HashedEntryKeys` day of an entry without a time: the store puts the run's day in its place. */
export const UNKNOWN_DAY = -0x80000000;

/** Entries a HashedEntryKeys chunk holds once past its first, doubling one (192 KiB of columns). */
const KEYS_PER_CHUNK = 16_384;

/**
 * Entry keys hashed as they arrive, 12 bytes an entry (hi, lo, day interleaved) in chunks, where a
 * `{ key, timeMs }` object with its string took ~130 (bench/pipeline.bench.ts, 1M entries: peak RSS
 * 685 MiB before). Chunks, not one doubling array: no copy on growth and at most one chunk unused.
 */
export class HashedEntryKeys {
  readonly #chunks: Int32Array[] = [];
  /** Entries each chunk holds: all but the last are full, unless chunks were taken over from another (`absorb`). */
  readonly #fills: number[] = [];
  #length = 0;

  get length(): number {
    return this.#length;
  }

  add(key: string, timeMs: number | undefined): void {
    const hash = hashEntryKey(key);
    this.addHashed(hash[0] ?? 0, hash[1] ?? 0, timeMs === undefined ? UNKNOWN_DAY : epochDay(timeMs));
  }

  addHashed(hi: number, lo: number, day: number): void {
    let last = this.#chunks.length - 1;
    if (last < 0 || (this.#fills[last] ?? 0) * 3 === (this.#chunks[last] as Int32Array).length) last = this.#makeRoom();
    const chunk = this.#chunks[last] as Int32Array;
    const used = this.#fills[last] ?? 0;
    chunk[3 * used] = hi;
    chunk[3 * used + 1] = lo;
    chunk[3 * used + 2] = day;
    this.#fills[last] = used + 1;
    this.#length += 1;
  }

  /**
   * Takes over every key of `other` without copying them (its chunks move here; `other` is left
   * empty): a cluster's keys gather its templates' at the end of a run, and a copy was ~12 bytes an
   * entry at the run's peak (bench/pipeline.bench.ts, 1M entries).
   */
  absorb(other: HashedEntryKeys): void {
    if (other === this) return;
    this.#chunks.push(...other.#chunks);
    this.#fills.push(...other.#fills);
    this.#length += other.#length;
    other.#chunks.length = 0;
    other.#fills.length = 0;
    other.#length = 0;
  }

  /** Contiguous copies of the columns (`day` may hold UNKNOWN_DAY). */
  columns(): { hi: Int32Array; lo: Int32Array; day: Int32Array } {
    const hi = new Int32Array(this.#length);
    const lo = new Int32Array(this.#length);
    const day = new Int32Array(this.#length);
    let i = 0;
    this.#each((h, l, d) => {
      hi[i] = h;
      lo[i] = l;
      day[i] = d;
      i += 1;
    });
    return { hi, lo, day };
  }

  static from(entries: Iterable<EntryIdentity> | HashedEntryKeys): HashedEntryKeys {
    if (entries instanceof HashedEntryKeys) return entries;
    const hashed = new HashedEntryKeys();
    for (const entry of entries) hashed.add(entry.key, entry.timeMs);
    return hashed;
  }

  #each(visit: (hi: number, lo: number, day: number) => void): void {
    this.#chunks.forEach((chunk, index) => {
      const n = this.#fills[index] ?? 0;
      for (let at = 0; at < 3 * n; at += 3) visit(chunk[at] ?? 0, chunk[at + 1] ?? 0, chunk[at + 2] ?? UNKNOWN_DAY);
    });
  }

  /** Room for one more key; the index of the chunk it goes in. */
  #makeRoom(): number {
    const only = this.#chunks.length === 1 ? this.#chunks[0] : undefined;
    if (this.#chunks.length === 0) {
      this.#chunks.push(new Int32Array(3 * 16));
      this.#fills.push(0);
    } else if (only !== undefined && only.length < 3 * KEYS_PER_CHUNK) {
      // The first chunk doubles up to a full one: most templates hold few entries.
      const bigger = new Int32Array(Math.min(only.length * 2, 3 * KEYS_PER_CHUNK));
      bigger.set(only);
      this.#chunks[0] = bigger;
    } else {
      this.#chunks.push(new Int32Array(3 * KEYS_PER_CHUNK));
      this.#fills.push(0);
    }
    return this.#chunks.length - 1;
  }
}

/** Hashes every entry key into columns, with the order that sorts them by hash. */
export function hashEntries(entries: Iterable<EntryIdentity> | HashedEntryKeys, defaultDay: number): { hi: Int32Array; lo: Int32Array; day: Int32Array; order: Uint32Array } {
  if (entries instanceof HashedEntryKeys) {
    const { hi, lo, day } = entries.columns();
    for (let i = 0; i < day.length; i++) if (day[i] === UNKNOWN_DAY) day[i] = defaultDay;
    return { hi, lo, day, order: orderByHash(hi, hi.length) };
  }
  let hi: Int32Array<ArrayBuffer> = new Int32Array(1024);
  let lo: Int32Array<ArrayBuffer> = new Int32Array(1024);
  let day: Int32Array<ArrayBuffer> = new Int32Array(1024);
  let n = 0;
  for (const entry of entries) {
    if (n === hi.length) {
      [hi, lo, day] = [grow(hi), grow(lo), grow(day)];
    }
    const hash = hashEntryKey(entry.key);
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
