// A map that keeps at most `limit` entries: adding one more forgets the least recently used.

export class RecentMap<K, V> {
  readonly limit: number;
  /** Insertion order is recency order: a use moves an entry to the end. */
  private readonly entries = new Map<K, V>();

  constructor(limit: number) {
    this.limit = Math.max(0, Math.floor(limit));
  }

  /** The value, which now counts as the most recently used. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    if (this.limit === 0) return;
    this.entries.set(key, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as K);
  }

  /** True when the key was held. */
  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Entries from the least to the most recently used. */
  values(): IterableIterator<V> {
    return this.entries.values();
  }

  keys(): IterableIterator<K> {
    return this.entries.keys();
  }
}
