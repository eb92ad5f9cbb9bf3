/**
 * A set of 53-bit id hashes (`idHash`) in one Float64Array, open addressing: 8 bytes a slot at most
 * 3/4 full, where a `Set<number>` took ~40 (a heap number each, 53-bit values are not small
 * integers, plus its table). Distinct-id sets were the largest growing part of the live heap in a
 * snapshot of bench/pipeline.bench.ts at 1M entries, and V8 lets the heap grow to a multiple of it.
 */
export class IdHashSet {
  /** 0 marks an empty slot, so the hash 0 is remembered apart. Made at the first hash: a template has four sets, often empty. */
  #slots: Float64Array | undefined;
  #mask = 15;
  #size = 0;
  #hasZero = false;

  get size(): number {
    return this.#size;
  }

  /** Adds a hash (a non-negative integer below 2⁵³); false when it was there already. */
  add(hash: number): boolean {
    if (hash === 0) {
      if (this.#hasZero) return false;
      this.#hasZero = true;
      this.#size += 1;
      return true;
    }
    if (!insert((this.#slots ??= new Float64Array(this.#mask + 1)), this.#mask, hash)) return false;
    this.#size += 1;
    if (this.#size * 4 > this.#mask * 3) this.#grow();
    return true;
  }

  *values(): Generator<number> {
    if (this.#hasZero) yield 0;
    for (const hash of this.#slots ?? []) if (hash !== 0) yield hash;
  }

  #grow(): void {
    const old = this.#slots ?? [];
    this.#mask = this.#mask * 2 + 1;
    this.#slots = new Float64Array(this.#mask + 1);
    for (const hash of old) if (hash !== 0) insert(this.#slots, this.#mask, hash);
  }
}

function insert(slots: Float64Array, mask: number, hash: number): boolean {
  // `>>> 0` keeps the low 32 bits exactly for integers below 2⁵³: cyrb53's best-mixed half.
  for (let slot = (hash >>> 0) & mask; ; slot = (slot + 1) & mask) {
    const held = slots[slot] ?? 0;
    if (held === 0) {
      slots[slot] = hash;
      return true;
    }
    if (held === hash) return false;
  }
}
