// A set that forgets old entries, for bookkeeping that must not grow without bound when the
// entries' owners may never report back (envelopes another process handled).

/**
 * Holds at most `capacity` entries, in two generations of half of it: adding fills `recent`; when
 * it is full it becomes `older` and the previous `older` is forgotten. The most recently added half
 * of the capacity is always held. Every operation is O(1).
 */
export class RecentSet<T> {
  private recent = new Set<T>();
  private older = new Set<T>();
  private readonly generation: number;

  constructor(capacity: number) {
    this.generation = Math.max(1, Math.ceil(capacity / 2));
  }

  add(value: T): void {
    this.recent.add(value);
    if (this.recent.size >= this.generation) {
      this.older = this.recent;
      this.recent = new Set();
    }
  }

  /** True when the value was held. */
  delete(value: T): boolean {
    const inRecent = this.recent.delete(value);
    return this.older.delete(value) || inRecent;
  }

  get size(): number {
    return this.recent.size + this.older.size;
  }

  /** Up to `count` held values, oldest first (for messages). */
  some(count: number): T[] {
    return [...this.older, ...this.recent].slice(0, count);
  }
}
