// Loading an instance nothing is cached of: a short history is one read and no snapshot look-up; a
// longer one goes on from its snapshot, or from where the first read ended. Whatever the history and
// its snapshots, the instance comes out as a full replay of its records makes it.
import { parseOrThrow } from '@eventflow/language';
import { describe, expect, it } from 'vitest';
import { defineSystem } from '../definition.ts';
import { createIds } from '../ids.ts';
import type { EventStore } from '../ports.ts';
import type { Snapshot } from '../snapshot.ts';
import { loggingStore } from '../test-support/ports.ts';
import { Instances } from './instances.ts';
import { createRuntime } from './runtime.ts';

const FLOW = `machine: @account
  on :open from @customer (api)
    account moves to #open
  on :deposit from @customer (api)
    $balance increases by $amount
`;

const system = defineSystem([parseOrThrow(FLOW, 'account.flow')]);

/** A store holding one account with `deposits` deposits (seq 1 + deposits), snapshots saved every `snapshotEvery`. */
async function storedAccount(deposits: number, snapshotEvery: number) {
  const snapshots: Snapshot[] = [];
  const store: EventStore = {
    ...loggingStore(),
    saveSnapshot: async (snapshot) => void snapshots.push(snapshot),
    loadSnapshot: async (aggregateId) => snapshots.filter((s) => s.aggregate_id === aggregateId).at(-1),
  };
  const runtime = await createRuntime({ flows: [{ name: 'account.flow', source: FLOW }], store, transport: noTransport, ids: createIds({ seed: 7 }), snapshotEvery });
  const { aggregate_id } = await runtime.send({ event: ':open', to: '@account', from: '@customer' });
  for (let i = 1; i <= deposits; i++) await runtime.send({ event: ':deposit', to: '@account', from: '@customer', aggregate_id, data: { amount: i } });
  await runtime.close();
  return { store, aggregateId: aggregate_id, snapshots };
}

const noTransport = { durable: true, publish: async () => undefined, subscribe: async () => ({ unsubscribe: async () => undefined }), close: async () => undefined };

/** What a load asks the store, in the order the calls start and end. */
function watched(store: EventStore) {
  const log: string[] = [];
  const watch =
    <A extends unknown[], R>(name: string, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const asked = `${name}(${JSON.stringify(args.slice(1))})`;
      log.push(`start ${asked}`);
      const result = await call(...args);
      log.push(`end ${asked}`);
      return result;
    };
  const view: EventStore = { ...store, read: watch('read', store.read), loadSnapshot: watch('loadSnapshot', store.loadSnapshot as NonNullable<EventStore['loadSnapshot']>) };
  return { view, log };
}

/** The instance as a replay of all its records makes it (a store without snapshots). */
async function fullReplay(store: EventStore, aggregateId: string): Promise<Snapshot> {
  const { loadSnapshot: _, saveSnapshot: __, ...plain } = store;
  return new Instances(plain, system, { cacheSize: 0, snapshotEvery: 0 }).load(aggregateId);
}

/** Loads an instance cold (nothing cached) through a watched store holding one account: the instance, the store calls it made, and a full replay to compare with. */
async function coldLoad(deposits: number, snapshotEvery: number, aggregateId?: string) {
  const stored = await storedAccount(deposits, snapshotEvery);
  const id = aggregateId ?? stored.aggregateId;
  const { view, log } = watched(stored.store);
  const loaded = await new Instances(view, system, { cacheSize: 10, snapshotEvery }).load(id);
  return { loaded, log, started: log.filter((line) => line.startsWith('start')), snapshots: stored.snapshots, replayed: () => fullReplay(stored.store, id) };
}

describe('a cold load', () => {
  it('of a short history is one read, with no snapshot look-up', async () => {
    const { loaded, log, replayed } = await coldLoad(3, 2);
    expect(log).toEqual(['start read([{"toSeq":16}])', 'end read([{"toSeq":16}])']);
    expect(loaded.seq).toBe(4);
    expect(loaded).toEqual(await replayed());
  });

  it('of a longer history without a snapshot reads on from where the first read ended', async () => {
    const { loaded, started, replayed } = await coldLoad(39, 0);
    expect(started).toEqual(['start read([{"toSeq":16}])', 'start loadSnapshot([null])', 'start read([{"fromSeq":17}])']);
    expect(loaded.seq).toBe(40);
    expect(loaded).toEqual(await replayed());
  });

  it('of a longer history reads on from its latest snapshot', async () => {
    const { loaded, started, snapshots, replayed } = await coldLoad(44, 20);
    expect(snapshots.map((s) => s.seq)).toEqual([20, 40]);
    expect(started).toEqual(['start read([{"toSeq":16}])', 'start loadSnapshot([null])', 'start read([{"fromSeq":41}])']);
    expect(loaded.seq).toBe(45);
    expect(loaded).toEqual(await replayed());
  });

  it('of a longer history whose snapshot lies within the first records reads on from where they end', async () => {
    const { loaded, started, snapshots, replayed } = await coldLoad(16, 10);
    expect(snapshots.map((s) => s.seq)).toEqual([10]);
    expect(started).toEqual(['start read([{"toSeq":16}])', 'start loadSnapshot([null])', 'start read([{"fromSeq":17}])']);
    expect(loaded.seq).toBe(17);
    expect(loaded).toEqual(await replayed());
  });

  it('of an instance nothing is stored of comes back empty after one read', async () => {
    const { loaded, started } = await coldLoad(0, 100, 'account-none');
    expect(started).toEqual(['start read([{"toSeq":16}])']);
    expect(loaded.seq).toBe(0);
  });
});
