import { cyrb53 } from "../model/hash.js";
import type { SpillFile } from "./spill-file.js";

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

/** Entries a HashedEntryKeys chunk holds once past its first, doubling one (48 KiB of columns). */
const KEYS_PER_CHUNK = 4_096;

/** A full chunk written to a spill file. */
interface SpilledChunk {
  readonly spill: SpillFile;
  readonly offset: number;
}

/** Where spilled chunks are read back, one at a time (one for the thread). */
const readBack = new Int32Array(3 * KEYS_PER_CHUNK);

/**
 * Entry keys hashed as they arrive, 12 bytes an entry (hi, lo, day interleaved) in chunks, where a
 * `{ key, timeMs }` object with its string took ~130 (bench/pipeline.bench.ts, 1M entries: peak RSS
 * 685 MiB before). Chunks, not one doubling array: no copy on growth and at most one chunk unused.
 * Given a spill file, each chunk that fills up is written there and its array reused, so a run's
 * keys take a partly filled chunk per template in memory however many entries it reads (at 1M
 * entries they were ~11 MiB, and so was the table that de-duplicates them).
 */
export class HashedEntryKeys {
  readonly #chunks: (Int32Array | SpilledChunk)[] = [];
  /** Entries each chunk holds: all but the last are full, unless chunks were taken over from another (`absorb`). */
  readonly #fills: number[] = [];
  #length = 0;
  readonly #spill: SpillFile | undefined;

  constructor(spill?: SpillFile) {
    this.#spill = spill;
  }

  get length(): number {
    return this.#length;
  }

  add(key: string, timeMs: number | undefined): void {
    const hash = hashEntryKey(key);
    this.addHashed(hash[0] ?? 0, hash[1] ?? 0, timeMs === undefined ? UNKNOWN_DAY : epochDay(timeMs));
  }

  addHashed(hi: number, lo: number, day: number): void {
    let last = this.#chunks.length - 1;
    let chunk = this.#chunks[last];
    if (!(chunk instanceof Int32Array) || (this.#fills[last] ?? 0) * 3 === chunk.length) {
      last = this.#makeRoom();
      chunk = this.#chunks[last] as Int32Array;
    }
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

  /** Keys per bucket of the high half's top `bits` bits (unsigned). */
  bucketCounts(bits: number): Uint32Array {
    const shift = 32 - bits;
    const counts = new Uint32Array(2 ** bits);
    this.#each((hi) => void (counts[hi >>> shift] = (counts[hi >>> shift] ?? 0) + 1));
    return counts;
  }

  /** Copies the keys whose bucket (as `bucketCounts`) is within first..last into `into`, in insertion order. */
  gather(bits: number, first: number, last: number, into: SortedKeyRun): void {
    const shift = 32 - bits;
    let i = 0;
    this.#each((h, l, d) => {
      const bucket = h >>> shift;
      if (bucket < first || bucket > last) return;
      into.hi[i] = h;
      into.lo[i] = l;
      into.day[i] = d;
      i += 1;
    });
  }

  static from(entries: Iterable<EntryIdentity> | HashedEntryKeys): HashedEntryKeys {
    if (entries instanceof HashedEntryKeys) return entries;
    const hashed = new HashedEntryKeys();
    for (const entry of entries) hashed.add(entry.key, entry.timeMs);
    return hashed;
  }

  #each(visit: (hi: number, lo: number, day: number) => void): void {
    this.#chunks.forEach((stored, index) => {
      const n = this.#fills[index] ?? 0;
      let chunk: Int32Array;
      if (stored instanceof Int32Array) chunk = stored;
      else {
        stored.spill.read(stored.offset, new Uint8Array(readBack.buffer, 0, 12 * n));
        chunk = readBack;
      }
      for (let at = 0; at < 3 * n; at += 3) visit(chunk[at] ?? 0, chunk[at + 1] ?? 0, chunk[at + 2] ?? UNKNOWN_DAY);
    });
  }

  /** Room for one more key; the index of the chunk it goes in. */
  #makeRoom(): number {
    const last = this.#chunks.length - 1;
    const full = this.#chunks[last];
    if (last < 0) this.#chunks.push(new Int32Array(3 * 16));
    else if (last === 0 && full instanceof Int32Array && full.length < 3 * KEYS_PER_CHUNK) {
      // The first chunk doubles up to a full one: most templates hold few entries.
      const bigger = new Int32Array(Math.min(full.length * 2, 3 * KEYS_PER_CHUNK));
      bigger.set(full);
      this.#chunks[0] = bigger;
      return 0;
    } else if (this.#spill !== undefined && full instanceof Int32Array && full.length === 3 * KEYS_PER_CHUNK && this.#fills[last] === KEYS_PER_CHUNK) {
      // written out, then the same array takes the next keys
      this.#chunks[last] = { spill: this.#spill, offset: this.#spill.append(new Uint8Array(full.buffer, full.byteOffset, full.byteLength)) };
      this.#chunks.push(full);
    } else this.#chunks.push(new Int32Array(3 * KEYS_PER_CHUNK));
    this.#fills.push(0);
    return this.#chunks.length - 1;
  }
}

/** Keys per sorted run at most, unless one hash bucket alone holds more: ~2.6 MiB of columns and sort keys a run. */
const SORTED_RUN_ENTRIES = 131_072;
/** The buffers' size while every run is this small (most clusters are). */
const SMALL_RUN_ENTRIES = 16_384;
/** Hash buckets (the high half's top bits) that runs are cut along. */
const BUCKET_BITS = 12;
const INDEX_BITS = 2 ** 21;

/** One run of `sortedKeyRuns`: columns sorted by the high half of the hash, `day` with the default in place of UNKNOWN_DAY. */
export interface SortedKeyRun {
  readonly hi: Int32Array;
  readonly lo: Int32Array;
  readonly day: Int32Array;
}

/**
 * Every entry's hashed key in runs that together are in order of the hash's high half (unsigned),
 * so inserts walk the B-tree in order (1M new keys: ~1.0 s CPU sorted vs ~1.35 s unsorted,
 * bench/state.bench.ts). Runs are cut along hash buckets and gathered one at a time into the same
 * buffers, so sorting holds ~20 bytes a key of the largest run, not of the whole set: one sorted
 * copy of a million keys was ~24 MiB at the end of a run (bench/pipeline.bench.ts, 1M entries).
 * A run's arrays are reused for the next: read each before asking for the next.
 */
export function* sortedKeyRuns(entries: Iterable<EntryIdentity> | HashedEntryKeys, defaultDay: number, scratch = new KeyRunScratch()): Generator<SortedKeyRun> {
  const keys = HashedEntryKeys.from(entries);
  const counts = keys.bucketCounts(BUCKET_BITS);
  const runs: { first: number; last: number; size: number }[] = [];
  for (let first = 0; first < counts.length; ) {
    let last = first;
    let size = counts[first] ?? 0;
    while (last + 1 < counts.length && size + (counts[last + 1] ?? 0) <= SORTED_RUN_ENTRIES) size += counts[++last] ?? 0;
    if (size > 0) runs.push({ first, last, size });
    first = last + 1;
  }
  scratch.reserve(Math.max(0, ...runs.map((run) => run.size)));
  for (const { first, last, size } of runs) {
    keys.gather(BUCKET_BITS, first, last, scratch.gathered);
    yield sortRun(scratch.gathered, size, defaultDay, scratch.packed, scratch.sorted);
  }
}

/**
 * The buffers `sortedKeyRuns` gathers and sorts in, for a store to share between the clusters it
 * saves: typed arrays are freed only when the heap is collected, and one set per cluster piled up
 * ~25 MiB before that (bench/pipeline.bench.ts, 1M entries in 35 clusters). Used by one
 * `sortedKeyRuns` at a time.
 */
export class KeyRunScratch {
  gathered: SortedKeyRun = { hi: new Int32Array(0), lo: new Int32Array(0), day: new Int32Array(0) };
  sorted: SortedKeyRun = this.gathered;
  packed = new Float64Array(0);

  /** Room for a run of `size`: small runs share one small set, any larger one the full run size, so at most one set is left as garbage. */
  reserve(needed: number): void {
    if (needed <= this.gathered.hi.length) return;
    const size = needed <= SMALL_RUN_ENTRIES ? SMALL_RUN_ENTRIES : Math.max(needed, SORTED_RUN_ENTRIES);
    this.gathered = { hi: new Int32Array(size), lo: new Int32Array(size), day: new Int32Array(size) };
    this.sorted = { hi: new Int32Array(size), lo: new Int32Array(size), day: new Int32Array(size) };
    this.packed = new Float64Array(size <= INDEX_BITS ? size : 0);
  }
}

/**
 * Sorts the first `n` gathered keys by the high half into `into`. That half (32 bits) and the
 * position (21 bits) pack exactly into one double, so a native numeric sort does it without a
 * comparator (~100 ms CPU per million vs ~170 ms). A run too large to pack keeps input order:
 * correctness never depends on the order.
 */
function sortRun(run: SortedKeyRun, n: number, defaultDay: number, packed: Float64Array, into: SortedKeyRun): SortedKeyRun {
  for (let i = 0; i < n; i++) if (run.day[i] === UNKNOWN_DAY) run.day[i] = defaultDay;
  if (n > INDEX_BITS) return { hi: run.hi.subarray(0, n), lo: run.lo.subarray(0, n), day: run.day.subarray(0, n) };
  const order = packed.subarray(0, n);
  for (let i = 0; i < n; i++) order[i] = ((run.hi[i] ?? 0) >>> 0) * INDEX_BITS + i;
  order.sort();
  for (let k = 0; k < n; k++) {
    const i = (order[k] ?? 0) % INDEX_BITS;
    into.hi[k] = run.hi[i] ?? 0;
    into.lo[k] = run.lo[i] ?? 0;
    into.day[k] = run.day[i] ?? defaultDay;
  }
  return { hi: into.hi.subarray(0, n), lo: into.lo.subarray(0, n), day: into.day.subarray(0, n) };
}
