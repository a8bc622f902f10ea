// What this runtime published that nobody has handled yet, as far as it knows: settle() waits for it
// to empty, and through an in-process transport a record leaves the outbox once every envelope it
// emitted has left this set. It learns of handling from its own deliveries and from the store (an
// event id stored means its target handled it, whichever runtime of the group did).
import type { RecordRef } from '../ports.ts';

/** What is left before one record counts as dispatched. */
export interface Outbox {
  readonly record: RecordRef;
  /** Its envelopes to machines of the system not yet dispatched. */
  left: number;
}

export class InFlight {
  /** Envelope id -> the outbox waiting for it to be handled (none when only settle() waits for it), oldest first. */
  private readonly entries = new Map<string, Outbox | null>();
  private readonly limit: number;
  /** Ids in flight at the last look-up in the store: only those still in flight at the next are asked about. */
  private suspects = new Set<string>();

  /** `limit`: the most envelopes tracked; beyond it the oldest are forgotten (their records stay in the outbox). */
  constructor(limit: number) {
    this.limit = limit;
  }

  get size(): number {
    return this.entries.size;
  }

  add(id: string, outbox: Outbox | null): void {
    this.entries.set(id, outbox);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** An envelope another runtime's handling emitted: settle() waits for it too; an entry of this runtime's own is kept as it is. */
  follow(id: string): void {
    if (!this.entries.has(id)) this.add(id, null);
  }

  /** A publish failed: these are not in flight after all. */
  forget(ids: Iterable<string>): void {
    for (const id of ids) this.entries.delete(id);
  }

  /** These envelopes were handled: returns the records all of whose envelopes now are. */
  handled(ids: Iterable<string>): RecordRef[] {
    const dispatched: RecordRef[] = [];
    for (const id of ids) {
      const outbox = this.entries.get(id);
      if (outbox === undefined) continue;
      this.entries.delete(id);
      if (outbox && --outbox.left === 0) dispatched.push(outbox.record);
    }
    return dispatched;
  }

  /**
   * What is worth asking the store about: at most `max` envelopes, oldest first, that were in flight
   * at the previous call already (what this runtime handles itself is usually gone by then).
   */
  lingering(max: number): string[] {
    const lingering: string[] = [];
    const seen = new Set<string>();
    for (const id of this.entries.keys()) {
      if (seen.size >= max) break;
      seen.add(id);
      if (this.suspects.has(id)) lingering.push(id);
    }
    this.suspects = seen;
    return lingering;
  }

  /** The oldest few ids, to name in an error. */
  oldest(count: number): string[] {
    const oldest: string[] = [];
    for (const id of this.entries.keys()) {
      if (oldest.length === count) break;
      oldest.push(id);
    }
    return oldest;
  }
}
