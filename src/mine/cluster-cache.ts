/**
 * Least-recently-used order over live clusters: a Map keeps insertion order, so touching is
 * delete + set and the oldest entry is the first key. O(1) per line.
 */
export class LruOrder<K, V> {
  readonly #entries = new Map<K, V>();

  get size(): number {
    return this.#entries.size;
  }

  touch(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  /** Removes and returns the least recently used entry. */
  takeOldest(): V | undefined {
    const first = this.#entries.entries().next();
    if (first.done === true) return undefined;
    this.#entries.delete(first.value[0]);
    return first.value[1];
  }

  /** Oldest first. */
  values(): IterableIterator<V> {
    return this.#entries.values();
  }
}
