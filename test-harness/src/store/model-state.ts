// The reference model of the store property: what a correct store holds, and the shape of a command
// run against both the model and the real store.
import type fc from 'fast-check';
import type { EventStore, Snapshot, StoredRecord } from '@eventflow/core';
import type { StoreProbe } from '../options.ts';

/** The aggregates commands use. `order-1` is a prefix of `order-10`: a lookup by prefix shows. */
export const AGGREGATES = [
  { id: 'order-1', machine: '@order' },
  { id: 'order-10', machine: '@order' },
  { id: 'order-2', machine: '@order' },
  { id: 'payment-1', machine: '@payment' },
] as const;
export const MACHINES = ['@order', '@payment', '@shipping'] as const;
export const EVENT_IDS = 16;

/** The reference: what a correct store holds. */
export class StoreModel {
  /** Insertion order is creation order. */
  readonly streams = new Map<string, StoredRecord[]>();
  readonly byEventId = new Map<string, StoredRecord>();
  outbox: StoredRecord[] = [];
  /** Per aggregate, the snapshot saved last for each seq. */
  readonly snapshots = new Map<string, Map<number, Snapshot>>();

  lastSeq(aggregateId: string): number {
    return this.streams.get(aggregateId)?.length ?? 0;
  }

  append(aggregateId: string, records: readonly StoredRecord[]): void {
    this.streams.set(aggregateId, [...(this.streams.get(aggregateId) ?? []), ...records]);
    for (const record of records) {
      this.byEventId.set(record.event_id, record);
      if (record.outcome.emitted.length > 0) this.outbox.push(record);
    }
  }

  saveSnapshot(snapshot: Snapshot): void {
    const seqs = this.snapshots.get(snapshot.aggregate_id) ?? new Map<number, Snapshot>();
    seqs.set(snapshot.seq, snapshot);
    this.snapshots.set(snapshot.aggregate_id, seqs);
  }

  /** The snapshot with the highest seq at or below `maxSeq`. */
  loadSnapshot(aggregateId: string, maxSeq = Number.POSITIVE_INFINITY): Snapshot | undefined {
    const seqs = [...(this.snapshots.get(aggregateId)?.keys() ?? [])].filter((seq) => seq <= maxSeq);
    return seqs.length === 0 ? undefined : this.snapshots.get(aggregateId)!.get(Math.max(...seqs));
  }
}

export interface Real {
  readonly store: EventStore;
  readonly probe: StoreProbe | undefined;
}

export type StoreCommand = fc.AsyncCommand<StoreModel, Real>;

/** A command valid in every state; `label` is how it shows in a counterexample. */
export function command(label: string, run: (model: StoreModel, real: Real) => Promise<void>): StoreCommand {
  return { check: () => true, run, toString: () => label };
}
