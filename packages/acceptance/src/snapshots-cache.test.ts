// Snapshots and the instance cache are optimisations only (issue: performance).
import { createIds, type EventStore } from '@eventflow/core';
import { createMemoryStore, createMemoryTransport } from '@eventflow/memory';
import { expect, test } from 'vitest';
import { startSystem } from './harness.ts';

const counter = `machine: @c\n  on :tick from @u (api)\n    $n increases by 1\n    c moves to #counting\n`;

function countingReads(inner: EventStore) {
  const counts = { read: 0 };
  /** The options of each read, in order. */
  const reads: Parameters<EventStore['read']>[1][] = [];
  const store: EventStore = new Proxy(inner, {
    get(target, property) {
      if (property === 'read') return (...args: Parameters<EventStore['read']>) => (counts.read++, reads.push(args[1]), target.read(...args));
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store, counts, reads };
}

test('a warm (cached) instance costs no store read', async () => {
  const { store, counts } = countingReads(createMemoryStore());
  const { runtime } = await startSystem({ 'c.flow': counter }, [], { store });
  const { aggregate_id } = await runtime.send({ event: ':tick', to: '@c' });
  const before = counts.read;
  for (let i = 0; i < 50; i++) await runtime.send({ event: ':tick', to: '@c', data: { c_id: aggregate_id } });
  expect(counts.read).toBe(before);
  expect((await runtime.state(aggregate_id)).context['n']).toBe(51);
});

test('hydration starts from the latest snapshot; one written by another .flow version is ignored', async () => {
  const inner = createMemoryStore();
  const first = await startSystem({ 'c.flow': counter }, [], { store: inner, snapshotEvery: 10 });
  const { aggregate_id } = await first.runtime.send({ event: ':tick', to: '@c' });
  for (let i = 0; i < 24; i++) await first.runtime.send({ event: ':tick', to: '@c', data: { c_id: aggregate_id } });
  await first.runtime.close();
  const saved = await inner.loadSnapshot?.(aggregate_id);
  expect(saved?.seq).toBe(20);

  const { store, reads } = countingReads(inner);
  const second = await startSystem({ 'c.flow': counter }, [], { store, snapshotEvery: 10, ids: createIds({ seed: 2 }) });
  const result = await second.runtime.send({ event: ':tick', to: '@c', data: { c_id: aggregate_id } });
  expect(result.seq).toBe(26);
  // The first records tell the history is long; then it goes on from the snapshot at 20, not from them.
  expect(reads).toEqual([{ toSeq: 16 }, { fromSeq: 21 }]);
  expect((await second.runtime.state(aggregate_id)).context['n']).toBe(26);

  // A snapshot from an older definition (different version hash) holds a wrong count: it must be ignored.
  await inner.saveSnapshot?.({ ...(saved as NonNullable<typeof saved>), seq: 26, context: { n: -1 }, definition_version: 'older' });
  const third = await startSystem({ 'c.flow': counter }, [], { store: inner, snapshotEvery: 0, ids: createIds({ seed: 3 }) });
  expect((await third.runtime.state(aggregate_id)).context['n']).toBe(26);
  expect((await third.runtime.state(aggregate_id, { atSeq: 26 })).context['n']).toBe(26);

  // Same version, but conversations in the earlier layout (an object keyed by id): ignored too.
  const oldLayout = { ...(saved as NonNullable<typeof saved>), seq: 26, context: { n: -2 }, conversations: {} as never };
  await inner.saveSnapshot?.(oldLayout);
  const fourth = await startSystem({ 'c.flow': counter }, [], { store: inner, snapshotEvery: 0, ids: createIds({ seed: 4 }) });
  expect((await fourth.runtime.state(aggregate_id)).context['n']).toBe(26);
});

test('an outbox left undispatched by a failed publish is sent by the sweep; the caller still got its commit', async () => {
  const flow = `machine: @a\n  on :go from @u (api)\n    a moves to #asked\n    emit :ping to @b\n  on :pong from @b\n    a moves to #answered\nmachine: @b\n  on :ping from @a\n    emit :pong to @a\n`;
  const { createMemoryTransport } = await import('@eventflow/memory');
  const inner = createMemoryTransport();
  let failures = 1;
  const flaky = {
    durable: inner.durable,
    publish: async (envelopes: Parameters<typeof inner.publish>[0]) => {
      if (failures-- > 0) throw new Error('broker unavailable');
      await inner.publish(envelopes);
    },
    subscribe: inner.subscribe.bind(inner),
    close: inner.close.bind(inner),
  };
  const { runtime, store, errors } = await startSystem({ 'ab.flow': flow }, [], { transport: flaky, outboxSweepMs: 20 });
  const result = await runtime.send({ event: ':go', to: '@a' });
  expect(result.state).toBe('#asked');
  expect(String(errors[0])).toContain('broker unavailable');
  expect((await store.undispatched()).length).toBe(1);
  await expect.poll(async () => (await runtime.state(result.aggregate_id)).state, { timeout: 2000 }).toBe('#answered');
  await runtime.close();
});

test('a cached instance made stale by another runtime is reloaded on the concurrency conflict, not overwritten', async () => {
  const store = createMemoryStore();
  const a = await startSystem({ 'c.flow': counter }, [], { store, ids: createIds({ seed: 11 }) });
  const b = await startSystem({ 'c.flow': counter }, [], { store, ids: createIds({ seed: 12 }) });
  const { aggregate_id } = await a.runtime.send({ event: ':tick', to: '@c' });
  await a.runtime.send({ event: ':tick', to: '@c', data: { c_id: aggregate_id } }); // a caches seq 2
  await b.runtime.send({ event: ':tick', to: '@c', data: { c_id: aggregate_id } }); // b writes seq 3
  const result = await a.runtime.send({ event: ':tick', to: '@c', data: { c_id: aggregate_id } });
  expect(result.seq).toBe(4);
  expect((await a.runtime.state(aggregate_id)).context['n']).toBe(4);
  expect((await store.read(aggregate_id)).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
});

test('an ingress runtime that consumes nothing settles once the worker has handled what it published', async () => {
  const flows = {
    'order.flow': `machine: @order\n  on :checkout from @customer (api)\n    order moves to #awaiting\n    emit :payment_request to @payment\n  on :payment_success from @payment\n    order moves to #paid\n`,
    'payment.flow': `machine: @payment\n  on :payment_request from @order\n    payment moves to #captured\n    emit :payment_success to @order\n`,
  };
  const store = createMemoryStore();
  const transport = createMemoryTransport();
  const worker = await startSystem(flows, [], { store, transport, ids: createIds({ seed: 11 }) });
  const ingress = await startSystem(flows, [], { store, transport, consume: false, settleTimeoutMs: 500, ids: createIds({ seed: 12 }) });
  const { aggregate_id } = await ingress.runtime.send({ event: ':checkout', to: '@order' });
  // Nobody in the ingress runtime will handle :payment_request: it learns from the store that the worker did.
  await ingress.runtime.settle();
  await worker.runtime.settle();
  await transport.idle();
  await worker.runtime.settle();
  expect((await worker.runtime.state(aggregate_id)).state).toBe('#paid');
  expect([...ingress.errors, ...worker.errors]).toEqual([]);
});
