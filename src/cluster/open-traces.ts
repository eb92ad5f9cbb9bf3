/**
 * An LRU map from 53-bit trace hashes (`idHash`) to values, in typed arrays: a hash table by linear
 * probing over node numbers, and the recency order as a doubly linked list of nodes. It replaces a
 * `Map<number, V>` whose table and heap-number keys were ~9 MiB of live heap at 100k open traces
 * (bench/pipeline.bench.ts heap snapshot at 1M entries), which V8 lets the heap grow to a multiple of.
 * Iteration and eviction follow the same order as such a Map with delete-then-set on every touch.
 */
export class OpenTraces<V> {
  #hashes = new Float64Array(16);
  #prev = new Int32Array(16);
  #next = new Int32Array(16);
  readonly #values: (V | undefined)[] = [];
  /** Node + 1 per slot; 0 is empty. Kept at most half full. */
  #index = new Int32Array(32);
  #mask = 31;
  #head = -1;
  #tail = -1;
  #size = 0;
  /** Nodes handed out so far; freed ones are reused first. */
  #used = 0;
  readonly #free: number[] = [];

  get size(): number {
    return this.#size;
  }

  get(hash: number): V | undefined {
    const node = this.#find(hash);
    return node < 0 ? undefined : this.#values[node];
  }

  /** Sets the value and makes the hash the most recently used. */
  set(hash: number, value: V): void {
    let node = this.#find(hash);
    if (node >= 0) this.#unlink(node);
    else node = this.#allocate(hash);
    this.#values[node] = value;
    this.#append(node);
  }

  /** Removes and returns the least recently used value. */
  shiftOldest(): V | undefined {
    const node = this.#head;
    if (node < 0) return undefined;
    const value = this.#values[node];
    this.#unlink(node);
    this.#unindex(this.#hashes[node] ?? 0);
    this.#values[node] = undefined;
    this.#free.push(node);
    this.#size -= 1;
    return value;
  }

  /** Least recently used first. */
  *values(): Generator<V> {
    for (let node = this.#head; node >= 0; node = this.#next[node] ?? -1) yield this.#values[node] as V;
  }

  clear(): void {
    this.#hashes = new Float64Array(16);
    this.#prev = new Int32Array(16);
    this.#next = new Int32Array(16);
    this.#values.length = 0;
    this.#index = new Int32Array(32);
    this.#mask = 31;
    this.#head = -1;
    this.#tail = -1;
    this.#size = 0;
    this.#used = 0;
    this.#free.length = 0;
  }

  #find(hash: number): number {
    for (let slot = (hash >>> 0) & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const held = this.#index[slot] ?? 0;
      if (held === 0) return -1;
      if (this.#hashes[held - 1] === hash) return held - 1;
    }
  }

  #allocate(hash: number): number {
    let node = this.#free.pop();
    if (node === undefined) {
      if (this.#used === this.#hashes.length) this.#growNodes();
      node = this.#used;
      this.#used += 1;
    }
    this.#hashes[node] = hash;
    this.#size += 1;
    if (this.#size * 2 > this.#mask) this.#growIndex();
    this.#indexNode(node);
    return node;
  }

  #indexNode(node: number): void {
    let slot = ((this.#hashes[node] ?? 0) >>> 0) & this.#mask;
    while ((this.#index[slot] ?? 0) !== 0) slot = (slot + 1) & this.#mask;
    this.#index[slot] = node + 1;
  }

  /** Backward-shift deletion: later entries of the probe run move up, so no tombstones pile up. */
  #unindex(hash: number): void {
    const mask = this.#mask;
    let slot = (hash >>> 0) & mask;
    while (this.#hashes[(this.#index[slot] ?? 1) - 1] !== hash) slot = (slot + 1) & mask;
    this.#index[slot] = 0;
    for (let probe = (slot + 1) & mask; (this.#index[probe] ?? 0) !== 0; probe = (probe + 1) & mask) {
      const held = this.#index[probe] ?? 0;
      const home = ((this.#hashes[held - 1] ?? 0) >>> 0) & mask;
      // the entry may move to `slot` unless its home lies cyclically in (slot, probe]
      const stays = slot <= probe ? home > slot && home <= probe : home > slot || home <= probe;
      if (!stays) {
        this.#index[slot] = held;
        this.#index[probe] = 0;
        slot = probe;
      }
    }
  }

  #growNodes(): void {
    const grow = <T extends Float64Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const bigger = make(old.length * 2);
      bigger.set(old);
      return bigger;
    };
    this.#hashes = grow(this.#hashes, (n) => new Float64Array(n));
    this.#prev = grow(this.#prev, (n) => new Int32Array(n));
    this.#next = grow(this.#next, (n) => new Int32Array(n));
  }

  #growIndex(): void {
    this.#mask = this.#mask * 2 + 1;
    this.#index = new Int32Array(this.#mask + 1);
    for (let node = this.#head; node >= 0; node = this.#next[node] ?? -1) this.#indexNode(node);
  }

  #unlink(node: number): void {
    const prev = this.#prev[node] ?? -1;
    const next = this.#next[node] ?? -1;
    if (prev >= 0) this.#next[prev] = next;
    else this.#head = next;
    if (next >= 0) this.#prev[next] = prev;
    else this.#tail = prev;
  }

  #append(node: number): void {
    this.#prev[node] = this.#tail;
    this.#next[node] = -1;
    if (this.#tail >= 0) this.#next[this.#tail] = node;
    else this.#head = node;
    this.#tail = node;
  }
}
