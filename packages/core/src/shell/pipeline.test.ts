// The shell's pipeline on a delivered batch: grouped by instance, one append, one publish, one
// markDispatched; conflicts retried with backoff until a deadline; sends of one moment batched.
import { describe, expect, it } from 'vitest';
import { defineBindings } from '../bindings.ts';
import { isConcurrencyError } from '../errors.ts';
import { createIds } from '../ids.ts';
import type { Envelope } from '../envelope.ts';
import type { Commit, RecordRef } from '../ports.ts';
import { loggingStore, manualTransport, type LoggingStore, type ManualTransport } from '../test-support/ports.ts';
import { createRuntime } from './runtime.ts';

const FLOW = `machine: @account
  on :open from @customer (api)
    account moves to #open
  on :deposit from @bank
    record the deposit
    $balance increases by $amount
    emit :entry to @ledger
      with $amount

machine: @ledger
  on :entry
    ledger moves to #booked
`;

const failing = new Set<number>();
const bindings = [
  defineBindings('@account', (b) =>
    b.action('record the deposit', (ctx) => {
      if (failing.has(ctx.event.data['amount'] as number)) throw new Error(`deposit of ${String(ctx.event.data['amount'])} refused`);
    }),
  ),
];

async function system(options: { durable?: boolean; conflictTimeoutMs?: number; store?: LoggingStore; seed?: number } = {}) {
  const store = options.store ?? loggingStore();
  const transport = manualTransport(options.durable ?? true);
  const errors: unknown[] = [];
  const runtime = await createRuntime({
    flows: [{ name: 'account.flow', source: FLOW }],
    store,
    transport,
    bindings,
    ids: createIds({ seed: options.seed ?? 3 }),
    settleTimeoutMs: 5_000,
    onError: (error) => errors.push(error),
    ...(options.conflictTimeoutMs === undefined ? {} : { conflictTimeoutMs: options.conflictTimeoutMs }),
  });
  return { runtime, store, transport, errors };
}

function deposit(id: string, account: string, amount: number): Envelope {
  return { id, event: ':deposit', conversation_id: `conv-${id}`, from: { machine: '@bank' }, to: { machine: '@account', aggregate_id: account }, data: { amount }, timestamp: '2026-01-01T00:00:00.000Z' };
}

const appends = (store: LoggingStore) => store.calls.filter((call) => call.method === 'append').map((call) => call.arg as Commit[]);
const callsSince = (store: LoggingStore, from: number) => store.calls.slice(from).map((call) => call.method);
const lookUps = (store: LoggingStore, from: number) => store.calls.slice(from).filter((call) => call.method === 'findByEventId').map((call) => call.arg);

async function openAccounts(runtime: Awaited<ReturnType<typeof system>>['runtime'], n: number): Promise<string[]> {
  const opened = await Promise.all(Array.from({ length: n }, () => runtime.send({ event: ':open', to: '@account' })));
  return opened.map((result) => result.aggregate_id);
}

describe('a delivered batch', () => {
  it('is grouped by instance: one append of one commit per instance, one publish, one markDispatched', async () => {
    const { runtime, store, transport } = await system();
    const [a, b, c] = (await openAccounts(runtime, 3)) as [string, string, string];
    const before = store.calls.length;
    await transport.deliver('@account', [deposit('d1', a, 1), deposit('d2', b, 2), deposit('d3', a, 3), deposit('d4', c, 4), deposit('d5', a, 5)]);
    expect(callsSince(store, before).filter((method) => method !== 'findByEventId')).toEqual(['append', 'markDispatched']);
    // Only the events of the instance with several in the batch were looked up before deciding.
    expect(lookUps(store, before)).toEqual(['d1', 'd3', 'd5']);
    const [commits] = appends(store).slice(-1) as [Commit[]];
    expect(commits.map((commit) => [commit.aggregateId, commit.expectedSeq, commit.records.map((r) => r.event_id)])).toEqual([
      [a, 1, ['d1', 'd3', 'd5']],
      [b, 1, ['d2']],
      [c, 1, ['d4']],
    ]);
    expect(commits[0]!.records.map((r) => r.outcome.context_patch.set['balance'])).toEqual([1, 4, 9]);
    expect(transport.published.at(-1)!.map((e) => e.data['amount'])).toEqual([1, 3, 5, 2, 4]);
    expect((store.dispatched.slice(-5) as RecordRef[]).map((ref) => [ref.aggregateId, ref.seq])).toEqual([[a, 2], [a, 3], [a, 4], [b, 2], [c, 2]]);
  });

  it('a failure a redelivery may fix defers the later events of its instance and rejects the batch; the others commit', async () => {
    const { runtime, store, transport, errors } = await system();
    const [a, b] = (await openAccounts(runtime, 2)) as [string, string];
    failing.add(13);
    const batch = [deposit('e1', a, 1), deposit('e2', a, 13), deposit('e3', a, 3), deposit('e4', b, 4)];
    await expect(transport.deliver('@account', batch)).rejects.toThrow('deposit of 13 refused');
    expect((await store.read(a)).map((r) => r.event_id)).toEqual([expect.any(String), 'e1']);
    expect((await store.read(b)).map((r) => r.event_id)).toEqual([expect.any(String), 'e4']);
    expect(String(errors[0])).toContain('deposit of 13 refused');
    failing.delete(13);
    await transport.deliver('@account', batch);
    expect((await store.read(a)).map((r) => r.event_id).slice(1)).toEqual(['e1', 'e2', 'e3']);
    expect((await store.read(b)).map((r) => r.event_id).slice(1)).toEqual(['e4']);
  });

  it('an event id twice in one batch is handled once', async () => {
    const { runtime, store, transport } = await system();
    const [a] = (await openAccounts(runtime, 1)) as [string];
    await transport.deliver('@account', [deposit('f1', a, 5), deposit('f1', a, 5)]);
    expect((await runtime.state(a)).context['balance']).toBe(5);
    expect((await store.read(a)).length).toBe(2);
  });
});

describe('a redelivered event', () => {
  it('alone in its batch: decided without a look-up; the append finds it stored and its stored record is the result', async () => {
    const { runtime, store, transport } = await system();
    const [a] = (await openAccounts(runtime, 1)) as [string];
    let before = store.calls.length;
    await transport.deliver('@account', [deposit('r1', a, 4)]);
    expect(callsSince(store, before)).toEqual(['append', 'markDispatched']);
    before = store.calls.length;
    const published = transport.published.length;
    await transport.deliver('@account', [deposit('r1', a, 4)]);
    expect(callsSince(store, before)).toEqual(['append', 'findByEventId']);
    expect((await runtime.state(a)).context['balance']).toBe(4);
    expect((await store.read(a)).map((r) => r.event_id).slice(1)).toEqual(['r1']);
    expect(transport.published.length).toBe(published);
  });

  it('alone in its batch and refused by its instance as it is now: the store is asked then, and it counts as handled', async () => {
    const { runtime, store, transport, errors } = await system();
    const [a] = (await openAccounts(runtime, 1)) as [string];
    await transport.deliver('@account', [deposit('r2', a, 21)]);
    failing.add(21);
    try {
      const before = store.calls.length;
      await transport.deliver('@account', [deposit('r2', a, 21)]);
      expect(lookUps(store, before)).toEqual(['r2']);
      expect(callsSince(store, before)).not.toContain('append');
      expect(errors).toEqual([]);
      expect((await store.read(a)).map((r) => r.event_id).slice(1)).toEqual(['r2']);
    } finally {
      failing.delete(21);
    }
  });

  it('refused and not stored: the failure stands', async () => {
    const { runtime, transport } = await system();
    const [a] = (await openAccounts(runtime, 1)) as [string];
    failing.add(22);
    try {
      await expect(transport.deliver('@account', [deposit('r3', a, 22)])).rejects.toThrow('deposit of 22 refused');
    } finally {
      failing.delete(22);
    }
  });

  it('with a new event of the same instance in the batch: looked up first, so the commit holds only the new one', async () => {
    const { runtime, store, transport } = await system();
    const [a] = (await openAccounts(runtime, 1)) as [string];
    await transport.deliver('@account', [deposit('r4', a, 1)]);
    const before = store.calls.length;
    await transport.deliver('@account', [deposit('r4', a, 1), deposit('r5', a, 2)]);
    expect(lookUps(store, before)).toEqual(['r4', 'r5']);
    const [commits] = appends(store).slice(-1) as [Commit[]];
    expect(commits.map((commit) => commit.records.map((r) => r.event_id))).toEqual([['r5']]);
    expect((await runtime.state(a)).context['balance']).toBe(3);
  });

  it('that a changed definition no longer routes: the store is asked, and it counts as handled', async () => {
    const store = loggingStore();
    const before = await system({ store });
    const [a] = (await openAccounts(before.runtime, 1)) as [string];
    await before.transport.deliver('@account', [deposit('r6', a, 6)]);
    const transport = manualTransport(true);
    const errors: unknown[] = [];
    const source = FLOW.replace(':deposit from @bank', ':deposit from @teller');
    const after = await createRuntime({ flows: [{ name: 'account.flow', source }], store, transport, bindings, ids: createIds({ seed: 8 }), onError: (error) => errors.push(error) });
    const calls = store.calls.length;
    await transport.deliver('@account', [deposit('r6', a, 6)]);
    expect(lookUps(store, calls)).toEqual(['r6']);
    expect(errors).toEqual([]);
    await transport.deliver('@account', [deposit('r7', a, 7)]);
    expect(String(errors[0])).toMatch(/deposit/);
    await after.close();
  });

  it('several in one batch, each alone of its instance: their stored records are looked up together', async () => {
    const { runtime, store, transport } = await system();
    const accounts = await openAccounts(runtime, 3);
    const batch = accounts.map((account, i) => deposit(`r8-${i}`, account, i + 1));
    await transport.deliver('@account', batch);
    // Each look-up waits until all have started, or a generous deadline: one at a time, the first would wait in vain.
    let started = 0;
    let allStarted: () => void = () => {};
    const together = new Promise<string>((resolve) => (allStarted = () => resolve('together')));
    const released: string[] = [];
    const find = store.findByEventId.bind(store);
    store.findByEventId = async (id) => {
      if (++started === batch.length) allStarted();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('deadline'), 10_000)));
      released.push(await Promise.race([together, deadline]));
      clearTimeout(timer);
      return find(id);
    };
    const before = store.calls.length;
    await transport.deliver('@account', batch);
    expect(released).toEqual(batch.map(() => 'together'));
    expect(callsSince(store, before)).toEqual(['append', ...batch.map(() => 'findByEventId')]);
    expect(await Promise.all(accounts.map(async (account) => (await runtime.state(account)).context['balance']))).toEqual([1, 2, 3]);
  });

  it('whose look-up fails: only it fails (a redelivery asks again); the other events of the batch commit and go out', async () => {
    const { runtime, store, transport } = await system();
    const [a, b] = (await openAccounts(runtime, 2)) as [string, string];
    await transport.deliver('@account', [deposit('r9', a, 9)]);
    const find = store.findByEventId.bind(store);
    store.findByEventId = async () => {
      throw new Error('store unreachable');
    };
    const published = transport.published.length;
    await expect(transport.deliver('@account', [deposit('r9', a, 9), deposit('r10', b, 10)])).rejects.toThrow('store unreachable');
    store.findByEventId = find;
    expect(transport.published.slice(published).flat().map((envelope) => envelope.data['amount'])).toEqual([10]);
    await transport.deliver('@account', [deposit('r9', a, 9)]);
    expect((await runtime.state(a)).context['balance']).toBe(9);
    expect((await store.read(a)).map((r) => r.event_id).slice(1)).toEqual(['r9']);
  });

  it('that created an instance creates no second one', async () => {
    const { runtime, store, transport } = await system();
    const open: Envelope = { id: 'o1', event: ':open', conversation_id: 'conv-o1', from: { machine: '@customer' }, to: { machine: '@account' }, data: {}, timestamp: '2026-01-01T00:00:00.000Z' };
    await transport.deliver('@account', [open]);
    await transport.deliver('@account', [open]);
    const accounts = await store.listAggregates({ machine: '@account' });
    expect(accounts).toHaveLength(1);
    expect((await runtime.state(accounts[0] as string)).state).toBe('#open');
  });
});

describe('a store that cannot answer while a batch is routed', () => {
  it('fails the batch\'s events, reported, so the batch comes again; once the store answers, it is handled', async () => {
    const store = loggingStore();
    const before = await system({ store });
    const [a] = (await openAccounts(before.runtime, 1)) as [string];
    // A second runtime has not cached the account: routing asks the store whether it exists.
    const { runtime, transport, errors } = await system({ store, seed: 9 });
    const read = store.read.bind(store);
    store.read = async () => {
      throw new Error('store unreachable');
    };
    await expect(transport.deliver('@account', [deposit('u1', a, 4)])).rejects.toThrow('store unreachable');
    expect(errors.map(String)).toEqual(['Error: store unreachable']);
    store.read = read;
    await transport.deliver('@account', [deposit('u1', a, 4)]);
    expect((await runtime.state(a)).context['balance']).toBe(4);
  });
});

describe('sends', () => {
  it('made in the same moment are one batch: one append', async () => {
    const { runtime, store } = await system();
    const before = appends(store).length;
    await openAccounts(runtime, 5);
    expect(appends(store).length - before).toBe(1);
    expect(appends(store).at(-1)).toHaveLength(5);
  });
});

describe('concurrency conflicts', () => {
  it('reload and decide again, waiting between attempts, until the append succeeds', async () => {
    const { runtime, store } = await system();
    const [a] = (await openAccounts(runtime, 1)) as [string];
    store.conflicts = 3;
    const before = appends(store).length;
    const result = await runtime.send({ event: ':deposit', to: '@account', aggregate_id: a, from: '@bank', data: { amount: 7 }, trusted: true });
    expect(result.seq).toBe(2);
    expect(appends(store).length - before).toBe(4);
  });

  it('fail with CONCURRENCY_ERROR once the deadline has passed, after attempts spread over it', async () => {
    const { runtime, store } = await system({ conflictTimeoutMs: 80 });
    const [a] = (await openAccounts(runtime, 1)) as [string];
    store.conflicts = Number.POSITIVE_INFINITY;
    const before = appends(store).length;
    const started = Date.now();
    const error = await runtime.send({ event: ':deposit', to: '@account', aggregate_id: a, from: '@bank', data: { amount: 7 }, trusted: true }).catch((e: unknown) => e);
    expect(isConcurrencyError(error), String(error)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(80);
    expect(appends(store).length - before).toBeGreaterThan(2);
  });
});

describe('the outbox', () => {
  it('through a durable transport, records count as dispatched once published', async () => {
    const { runtime, store } = await system({ durable: true });
    const [a] = (await openAccounts(runtime, 1)) as [string];
    await runtime.send({ event: ':deposit', to: '@account', aggregate_id: a, from: '@bank', data: { amount: 1 }, trusted: true });
    expect(store.dispatched).toEqual([{ aggregateId: a, seq: 2 }]);
  });

  it('through an in-process transport, only once this runtime has handled what they emitted', async () => {
    const { runtime, store, transport } = await system({ durable: false });
    const [a] = (await openAccounts(runtime, 1)) as [string];
    await runtime.send({ event: ':deposit', to: '@account', aggregate_id: a, from: '@bank', data: { amount: 1 }, trusted: true });
    expect(store.dispatched).toEqual([]);
    await transport.deliver('@ledger', transport.published.at(-1)!);
    expect(store.dispatched).toEqual([{ aggregateId: a, seq: 2 }]);
    await runtime.settle();
  });

  it('what another runtime of the group handled, settle() finds in the store: the records leave the outbox', async () => {
    const store = loggingStore();
    const other = await system({ durable: false, store, seed: 4 });
    const { runtime } = await system({ durable: false, store });
    const [a] = (await openAccounts(runtime, 1)) as [string];
    const deposits = [1, 2].map((amount) => runtime.send({ event: ':deposit', to: '@account', aggregate_id: a, from: '@bank', data: { amount }, trusted: true }));
    await Promise.all(deposits);
    const entries = (await store.undispatched()).flatMap((record) => record.outcome.emitted);
    await other.transport.deliver('@ledger', entries);
    await runtime.settle();
    expect(store.dispatched).toEqual([
      { aggregateId: a, seq: 2 },
      { aggregateId: a, seq: 3 },
    ]);
  });

  it('a restart sends again only what the store does not show handled; the rest is marked dispatched', async () => {
    const store = loggingStore();
    const other = await system({ durable: false, store, seed: 4 });
    const crashed = await system({ durable: false, store });
    const [a] = (await openAccounts(crashed.runtime, 1)) as [string];
    for (const amount of [1, 2]) await crashed.runtime.send({ event: ':deposit', to: '@account', aggregate_id: a, from: '@bank', data: { amount }, trusted: true });
    const [first, second] = (await store.undispatched()).flatMap((record) => record.outcome.emitted) as [Envelope, Envelope];
    await other.transport.deliver('@ledger', [first]);
    const restarted = await system({ durable: false, store, seed: 5 });
    expect(restarted.transport.published.flat().map((envelope) => envelope.id)).toEqual([second.id]);
    expect(store.dispatched).toEqual([{ aggregateId: a, seq: 2 }]);
  });

  it('a runtime that consumes nothing leaves its records in the outbox of an in-process transport until the store shows them handled', async () => {
    const store = loggingStore();
    const worker = await system({ durable: false, store, seed: 4 });
    const transport = manualTransport(false);
    const ingress = await createRuntime({ flows: [{ name: 'account.flow', source: FLOW }], store, transport, bindings, consume: false, ids: createIds({ seed: 6 }), settleTimeoutMs: 5_000 });
    const { aggregate_id } = await ingress.send({ event: ':open', to: '@account' });
    await ingress.send({ event: ':deposit', to: '@account', aggregate_id, from: '@bank', data: { amount: 1 }, trusted: true });
    expect(store.dispatched).toEqual([]);
    await worker.transport.deliver('@ledger', transport.published.flat());
    await ingress.settle();
    expect(store.dispatched).toEqual([{ aggregateId: aggregate_id, seq: 2 }]);
  });
});
