// Small in-test adapters for the shell's tests: a store that logs its calls and can be told to
// report conflicts, and a transport whose deliveries the test makes itself.
import type { Envelope } from '../envelope.ts';
import type { BatchHandler, Commit, CommitResult, EventStore, RecordRef, Transport } from '../ports.ts';
import type { StoredRecord } from '../record.ts';

export interface LoggingStore extends EventStore {
  /** Every call, by method name, with its first argument. */
  readonly calls: { readonly method: string; readonly arg: unknown }[];
  /** The next this-many commits come back `conflict` (another writer, as far as the runtime can tell). */
  conflicts: number;
  readonly dispatched: RecordRef[];
}

export function loggingStore(): LoggingStore {
  const streams = new Map<string, StoredRecord[]>();
  const byId = new Map<string, StoredRecord>();
  const calls: { method: string; arg: unknown }[] = [];
  const dispatched: RecordRef[] = [];
  const log = (method: string, arg?: unknown) => calls.push({ method, arg });
  const store: LoggingStore = {
    calls,
    dispatched,
    conflicts: 0,
    async append(commits: readonly Commit[]): Promise<CommitResult[]> {
      log('append', commits);
      return commits.map(({ aggregateId, expectedSeq, records }) => {
        const stream = streams.get(aggregateId) ?? [];
        if (records.every((record) => byId.has(record.event_id))) return { status: 'duplicate', lastSeq: stream.length };
        if (store.conflicts > 0 || stream.length !== expectedSeq) {
          store.conflicts = Math.max(0, store.conflicts - 1);
          return { status: 'conflict', lastSeq: stream.length };
        }
        streams.set(aggregateId, [...stream, ...records]);
        for (const record of records) byId.set(record.event_id, record);
        return { status: 'appended', lastSeq: expectedSeq + records.length };
      });
    },
    async read(aggregateId, options = {}) {
      log('read', aggregateId);
      return (streams.get(aggregateId) ?? []).filter((r) => r.seq >= (options.fromSeq ?? 1) && r.seq <= (options.toSeq ?? Number.POSITIVE_INFINITY));
    },
    async listAggregates(options = {}) {
      log('listAggregates', options);
      return [...streams].filter(([, records]) => options.machine === undefined || records[0]?.machine === options.machine).map(([id]) => id);
    },
    async findByEventId(eventId) {
      log('findByEventId', eventId);
      return byId.get(eventId);
    },
    async undispatched() {
      log('undispatched');
      const done = new Set(dispatched.map((ref) => `${ref.aggregateId}:${ref.seq}`));
      return [...byId.values()].filter((record) => record.outcome.emitted.length > 0 && !done.has(`${record.aggregate_id}:${record.seq}`));
    },
    async markDispatched(records) {
      log('markDispatched', records);
      dispatched.push(...records);
    },
    async close() {},
  };
  return store;
}

export interface ManualTransport extends Transport {
  readonly published: Envelope[][];
  /** Hands `envelopes` to the machine's subscriber as one batch; resolves or rejects as the handler does. */
  deliver(machine: string, envelopes: readonly Envelope[]): Promise<void>;
}

export function manualTransport(durable: boolean): ManualTransport {
  const handlers = new Map<string, BatchHandler>();
  const published: Envelope[][] = [];
  return {
    durable,
    published,
    async publish(envelopes) {
      published.push([...envelopes]);
    },
    async subscribe(machine, handler) {
      handlers.set(machine, handler);
      return { unsubscribe: async () => void handlers.delete(machine) };
    },
    async close() {},
    deliver: (machine, envelopes) => (handlers.get(machine) as BatchHandler)(envelopes),
  };
}
