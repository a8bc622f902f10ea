// A bounded LRU of hydrated instances, so a hot instance does not re-read its history per event.
import type { Snapshot } from './snapshot.ts';

export class InstanceCache {
  private readonly entries = new Map<string, Snapshot>();

  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get(aggregateId: string): Snapshot | undefined {
    const hit = this.entries.get(aggregateId);
    if (hit) {
      this.entries.delete(aggregateId);
      this.entries.set(aggregateId, hit);
    }
    return hit;
  }

  set(snapshot: Snapshot): void {
    if (this.capacity <= 0) return;
    this.entries.delete(snapshot.aggregate_id);
    this.entries.set(snapshot.aggregate_id, snapshot);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** Forgets an instance (after a concurrency conflict its cached copy may be stale). */
  delete(aggregateId: string): void {
    this.entries.delete(aggregateId);
  }

  get size(): number {
    return this.entries.size;
  }
}
