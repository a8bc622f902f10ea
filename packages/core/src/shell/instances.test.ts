// Loading an instance nothing is cached of: the snapshot look-up and the first records are asked at
// once (one round trip for a short history), and whatever the history and its snapshots, the
// instance comes out as a full replay of its records makes it.
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

describe('a cold load', () => {
  it('asks for the snapshot and the first records at once: a short history is one round trip', async () => {
    const { store, aggregateId } = await storedAccount(3, 100);
    const { view, log } = watched(store);
    const loaded = await new Instances(view, system, { cacheSize: 10, snapshotEvery: 100 }).load(aggregateId);
    expect(log).toEqual(['start loadSnapshot([null])', 'start read([{"toSeq":16}])', 'end loadSnapshot([null])', 'end read([{"toSeq":16}])']);
    expect(loaded.seq).toBe(4);
    expect(loaded).toEqual(await fullReplay(store, aggregateId));
  });

  it('reads a longer history on from where the first read ended when there is no snapshot', async () => {
    const { store, aggregateId } = await storedAccount(39, 0);
    const { view, log } = watched(store);
    const loaded = await new Instances(view, system, { cacheSize: 10, snapshotEvery: 0 }).load(aggregateId);
    expect(log.filter((line) => line.startsWith('start'))).toEqual(['start loadSnapshot([null])', 'start read([{"toSeq":16}])', 'start read([{"fromSeq":17}])']);
    expect(loaded.seq).toBe(40);
    expect(loaded).toEqual(await fullReplay(store, aggregateId));
  });

  it('reads a longer history on from its snapshot', async () => {
    const { store, aggregateId, snapshots } = await storedAccount(44, 20);
    expect(snapshots.map((s) => s.seq)).toEqual([20, 40]);
    const { view, log } = watched(store);
    const loaded = await new Instances(view, system, { cacheSize: 10, snapshotEvery: 20 }).load(aggregateId);
    expect(log.filter((line) => line.startsWith('start'))).toEqual(['start loadSnapshot([null])', 'start read([{"toSeq":16}])', 'start read([{"fromSeq":41}])']);
    expect(loaded).toEqual(await fullReplay(store, aggregateId));
  });

  it('folds only the records after a snapshot that lies within the first records', async () => {
    const { store, aggregateId, snapshots } = await storedAccount(12, 5);
    expect(snapshots.map((s) => s.seq)).toEqual([5, 10]);
    const { view, log } = watched(store);
    const loaded = await new Instances(view, system, { cacheSize: 10, snapshotEvery: 5 }).load(aggregateId);
    expect(log.filter((line) => line.startsWith('start'))).toEqual(['start loadSnapshot([null])', 'start read([{"toSeq":16}])']);
    expect(loaded.seq).toBe(13);
    expect(loaded).toEqual(await fullReplay(store, aggregateId));
  });

  it('of an instance nothing is stored of comes back empty, asking the store once each', async () => {
    const { store } = await storedAccount(0, 100);
    const { view, log } = watched(store);
    const loaded = await new Instances(view, system, { cacheSize: 10, snapshotEvery: 100 }).load('account-none');
    expect(log.filter((line) => line.startsWith('start'))).toHaveLength(2);
    expect(loaded.seq).toBe(0);
  });
});
