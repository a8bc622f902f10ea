// A bounded cache of hydrated instances, so a hot instance does not re-read its history per event.
import type { Snapshot } from './snapshot.ts';

/**
 * Least-recently-used in two generations of half the capacity: new and touched instances go to
 * `recent`; when it is full it becomes `older` and the previous `older` is dropped. So at most
 * `capacity` instances are held, and the most recently used half of that always is. Every operation
 * is O(1); evicting the oldest key of a single Map instead walks the holes its deletions left, per insert.
 */
export class InstanceCache {
  private recent = new Map<string, Snapshot>();
  private older = new Map<string, Snapshot>();
  /** Entries per generation: ceil(capacity / 2), so both hold at most `capacity` between operations. */
  private readonly generation: number;
  /** The instance used last: routing checks it exists and the commit loads it right after, one Map lookup. */
  private last: Snapshot | undefined;

  constructor(capacity: number) {
    this.generation = Math.ceil(Math.max(0, capacity) / 2);
  }

  get(aggregateId: string): Snapshot | undefined {
    const last = this.last;
    if (last !== undefined && last.aggregate_id === aggregateId) return last;
    const hit = this.recent.get(aggregateId);
    if (hit !== undefined) return (this.last = hit);
    const old = this.older.get(aggregateId);
    if (old !== undefined) {
      this.older.delete(aggregateId);
      this.add(old);
    }
    return old;
  }

  set(snapshot: Snapshot): void {
    if (this.generation === 0) return;
    // A copy left in `older` is never read while `recent` has a newer one, and goes with the next rotation.
    this.add(snapshot);
  }

  /** Forgets an instance (after a concurrency conflict its cached copy may be stale). */
  delete(aggregateId: string): void {
    if (this.last?.aggregate_id === aggregateId) this.last = undefined;
    this.recent.delete(aggregateId);
    this.older.delete(aggregateId);
  }

  /** Entries held (an instance may be in both generations, counted twice), at most the capacity. */
  get size(): number {
    return this.recent.size + this.older.size;
  }

  private add(snapshot: Snapshot): void {
    this.last = snapshot;
    this.recent.set(snapshot.aggregate_id, snapshot);
    if (this.recent.size >= this.generation) {
      this.older = this.recent;
      this.recent = new Map();
      // A use of an entry in `older` must go through get() and move it back to `recent`.
      this.last = undefined;
    }
  }
}
