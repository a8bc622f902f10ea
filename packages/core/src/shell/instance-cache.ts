// The instances a runtime keeps in memory, so that a busy instance does not reload its history per
// event: at most `limit` of them, and the ones used least recently leave first.

/**
 * Two generations, each in the order its instances were last stored: a stored instance goes to the
 * end of `recent`; an instance read while in `older` moves to `recent`. When more than `limit` are
 * held, the first still in `older` (neither stored nor read since `recent` began) is dropped; when
 * `older` is empty, `recent` becomes `older`. Every operation is O(1).
 */
export class InstanceCache<T> {
  readonly limit: number;
  private recent = new Map<string, T>();
  private older = new Map<string, T>();
  /** The next of `older` to drop (it only ever loses entries, so the walk never starts over). */
  private leaving: Iterator<string> = this.older.keys();

  constructor(limit: number) {
    this.limit = Math.max(0, Math.floor(limit));
  }

  get size(): number {
    return this.recent.size + this.older.size;
  }

  /** The instance, which counts as used. */
  get(id: string): T | undefined {
    const hit = this.recent.get(id);
    if (hit !== undefined) return hit;
    const old = this.older.get(id);
    if (old !== undefined) {
      this.older.delete(id);
      this.recent.set(id, old);
    }
    return old;
  }

  has(id: string): boolean {
    return this.recent.has(id) || this.older.has(id);
  }

  set(id: string, value: T): void {
    // To the end of `recent`: out of `older`, or moved within `recent`.
    if (!this.recent.delete(id)) this.older.delete(id);
    this.add(id, value);
  }

  /** `set` for an id the cache cannot hold yet (a new instance's): nothing to look for first. */
  add(id: string, value: T): void {
    if (this.limit === 0) return;
    this.recent.set(id, value);
    while (this.size > this.limit) this.dropOne();
  }

  delete(id: string): void {
    this.recent.delete(id);
    this.older.delete(id);
  }

  private dropOne(): void {
    if (this.older.size === 0) {
      this.older = this.recent;
      this.recent = new Map();
      this.leaving = this.older.keys();
    }
    const next = this.leaving.next();
    if (!next.done) this.older.delete(next.value);
  }
}
