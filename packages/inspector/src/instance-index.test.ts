// The inspector's index over a real memory store: states counted and filtered page by page in
// creation order, records arriving during the build applied once, conversations, the latest records;
// and, as a property, that whatever mix of stored and observed records it was given, every filtered
// listing equals a plain filter of the store's final state.
import fc from 'fast-check';
import type { StoredRecord } from '@eventflow/core';
import { createMemoryStore } from '@eventflow/memory';
import { describe, expect, test } from 'vitest';
import { pageOfIds } from './ids-page.ts';
import { InstanceIndex } from './instance-index.ts';
import { appendAll, record } from './test-support/records.ts';
import type { ReadOnlyStore } from './source.ts';

/** Three orders and a payment: o1 #paid (2 records), o2 #open, o3 #paid, p1 #captured. */
function shop(): StoredRecord[] {
  return [
    record({ id: 'o1', machine: '@order', seq: 1, state: '#open', conversation: 'c1', at: 1 }),
    record({ id: 'o2', machine: '@order', seq: 1, state: '#open', conversation: 'c2', at: 2 }),
    record({ id: 'p1', machine: '@payment', seq: 1, state: '#captured', conversation: 'c1', at: 3 }),
    record({ id: 'o1', machine: '@order', seq: 2, state: '#paid', conversation: 'c1', at: 4 }),
    record({ id: 'o3', machine: '@order', seq: 1, state: '#paid', conversation: 'c3', at: 5 }),
  ];
}

async function built(records: readonly StoredRecord[]): Promise<InstanceIndex> {
  const store = createMemoryStore();
  await appendAll(store, records);
  const index = new InstanceIndex();
  await index.build(store);
  return index;
}

describe('the instance index', () => {
  test('counts each machine’s instances by current state and pages through one state in creation order', async () => {
    const index = await built(shop());
    expect(index.status()).toEqual({ phase: 'ready', indexed: 4 });
    expect(index.machines()).toEqual(['@order', '@payment']);
    expect([...index.counts('@order')]).toEqual([['#paid', 2], ['#open', 1]]);
    expect(index.total('@order')).toBe(3);
    expect(index.summary('o1')).toEqual({ aggregate_id: 'o1', machine: '@order', state: '#paid', seq: 2, event: ':e2', at: '2026-03-01T09:00:04.000Z' });
    const first = index.withState('@order', '#paid', undefined, 1);
    expect(first.items.map((s) => s.aggregate_id)).toEqual(['o1']);
    expect(first.more).toBe(true);
    const second = index.withState('@order', '#paid', 'o1', 1);
    expect(second).toEqual({ items: [expect.objectContaining({ aggregate_id: 'o3' })], more: false });
    expect(index.withState('@order', '#gone', undefined, 10)).toEqual({ items: [], more: false });
    expect(index.withState('@nobody', '#paid', undefined, 10)).toEqual({ items: [], more: false });
  });

  test('knows which instances each conversation touched, and the latest records newest first', async () => {
    const index = await built(shop());
    expect(index.instancesIn('c1')).toEqual(['o1', 'p1']);
    expect(index.instancesIn('unknown')).toEqual([]);
    expect(index.recent().map((r) => `${r.aggregate_id}:${r.seq}`)).toEqual(['o3:1', 'o1:2', 'p1:1', 'o2:1', 'o1:1']);
  });

  test('a record committed while the build reads the store is applied once, after it; an old one changes nothing', async () => {
    const store = createMemoryStore();
    await appendAll(store, shop());
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The build stops at its first read, as a slow store would.
    const slow: ReadOnlyStore = { listAggregates: (options) => store.listAggregates(options), read: async (id, o) => (await gate, store.read(id, o)) };
    const index = new InstanceIndex();
    const building = index.build(slow);
    const late = record({ id: 'o2', machine: '@order', seq: 2, state: '#paid', conversation: 'c2', at: 6 });
    await store.append([{ aggregateId: 'o2', expectedSeq: 1, records: [late] }]);
    const fresh = record({ id: 'o4', machine: '@order', seq: 1, state: '#open', conversation: 'c4', at: 7 });
    await store.append([{ aggregateId: 'o4', expectedSeq: 0, records: [fresh] }]);
    expect(index.apply(late)).toBe(true);
    expect(index.apply(fresh)).toBe(true);
    expect(index.status().phase).toBe('building');
    release();
    await building;
    expect([...index.counts('@order')].sort()).toEqual([['#open', 1], ['#paid', 3]]);
    expect(index.withState('@order', '#paid', undefined, 10).items.map((s) => s.aggregate_id)).toEqual(['o1', 'o2', 'o3']);
    expect(index.total('@order')).toBe(4);
    expect(index.apply(record({ id: 'o1', machine: '@order', seq: 1, state: '#open', at: 1 }))).toBe(false);
    expect(index.summary('o1')?.state).toBe('#paid');
    expect(index.instancesIn('c2')).toEqual(['o2']);
  });

  test('a store that fails while indexing leaves a readable status and keeps what it had', async () => {
    const store = createMemoryStore();
    await appendAll(store, shop());
    const failing: ReadOnlyStore = {
      listAggregates: (options) => store.listAggregates(options),
      read: async (id, o) => {
        if (id === 'p1') throw new Error('connection reset');
        return store.read(id, o);
      },
    };
    const index = new InstanceIndex();
    await index.build(failing);
    expect(index.status()).toEqual({ phase: 'failed', indexed: 2, error: 'connection reset' });
    expect(index.apply(record({ id: 'o5', machine: '@order', seq: 1, state: '#open', at: 9 }))).toBe(true);
    expect(index.total('@order')).toBe(3);
  });
});

describe('pageOfIds (a page of the store\'s paged listing)', () => {
  test('pages in creation order, says when more follow, and gives nothing after an unknown id', async () => {
    const index = createMemoryStore();
    await appendAll(index, shop());
    expect(await pageOfIds(index, { limit: 2 })).toEqual({ ids: ['o1', 'o2'], more: true });
    expect(await pageOfIds(index, { after: 'o2', limit: 2 })).toEqual({ ids: ['p1', 'o3'], more: false });
    expect(await pageOfIds(index, { machine: '@order', after: 'o1', limit: 5 })).toEqual({ ids: ['o2', 'o3'], more: false });
    expect(await pageOfIds(index, { machine: '@order', after: 'nope', limit: 5 })).toEqual({ ids: [], more: false });
  });
});

describe('property: filtered pages equal a plain filter of the final store', () => {
  const STATES = ['#a', '#b', '#c'];
  const instance = fc.record({ machine: fc.constantFrom('@m', '@n'), states: fc.array(fc.constantFrom(...STATES), { minLength: 1, maxLength: 4 }) });
  const replay = process.env['FC_SEED'] ? { seed: Number(process.env['FC_SEED']), ...(process.env['FC_PATH'] ? { path: process.env['FC_PATH'] } : {}) } : {};

  test('any split between records stored before the build and records observed during and after it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(instance, { minLength: 1, maxLength: 25 }), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 4 }), async (instances, cutSeed, duringSeed, pageSize) => {
        const all = instances.flatMap((inst, i) => inst.states.map((state, s) => record({ id: `i${i}`, machine: inst.machine, seq: s + 1, state, at: i * 10 + s })));
        const ordered = [...all].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
        const cut = cutSeed % (ordered.length + 1);
        const during = cut + (duringSeed % (ordered.length - cut + 1));
        const store = createMemoryStore();
        await appendAll(store, ordered.slice(0, cut));
        const index = new InstanceIndex();
        const building = index.build(store);
        for (const r of ordered.slice(cut, during)) {
          await store.append([{ aggregateId: r.aggregate_id, expectedSeq: r.seq - 1, records: [r] }]);
          index.apply(r);
        }
        await building;
        for (const r of ordered.slice(during)) {
          await store.append([{ aggregateId: r.aggregate_id, expectedSeq: r.seq - 1, records: [r] }]);
          index.apply(r);
        }
        for (const machine of ['@m', '@n']) {
          const ids = await store.listAggregates({ machine });
          const finals = await Promise.all(ids.map(async (id) => ({ id, state: (await store.read(id)).at(-1)?.outcome.state_after })));
          for (const state of STATES) {
            const expected = finals.filter((f) => f.state === state).map((f) => f.id);
            const paged: string[] = [];
            let after: string | undefined;
            for (;;) {
              const page = index.withState(machine, state, after, pageSize);
              paged.push(...page.items.map((s) => s.aggregate_id));
              after = page.items.at(-1)?.aggregate_id;
              if (!page.more) break;
            }
            expect(paged).toEqual(expected);
            expect(index.counts(machine).get(state) ?? 0).toBe(expected.length);
          }
        }
      }),
      { numRuns: 60, ...replay },
    );
  });
});
