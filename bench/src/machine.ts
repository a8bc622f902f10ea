// The machines every benchmark runs, and records shaped exactly like the ones the runtime writes
// for them (smoke.test.ts compares the shapes), so stores can be filled without the runtime.
import { createRuntime, defineMachine, initialSnapshot, replay, type EventStore, type Runtime, type RuntimeOptions, type StoredRecord } from '@eventflow/core';
import { parseOrThrow, type FlowFile } from '@eventflow/language';
import { createMemoryStore, createMemoryTransport, type MemoryStore, type MemoryTransport } from '@eventflow/memory';

/** Two machines in a request/reply conversation: checkout -> payment_request -> payment_success. */
export const ORDER_FLOW = `machine: @order

scenario: checkout

  on :checkout from @customer (api)
    $total becomes $total
    order moves to #awaiting_payment
    emit :payment_request to @payment
      with $total

  on :payment_success from @payment
    order moves to #paid
`;

export const PAYMENT_FLOW = `machine: @payment

scenario: payment

  on :payment_request from @order
    $amount becomes $total
    payment moves to #captured
    emit :payment_success to @order
`;

/** One machine whose instances take any number of events (hydration, idle instances). */
export const ACCOUNT_FLOW = `machine: @account

scenario: ledger

  on :open from @customer (api)
    $balance becomes $balance
    account moves to #open

  on :deposit from @customer (api)
    $balance increases by $amount
`;

let parsed: { checkout: FlowFile[]; account: FlowFile[] } | undefined;

/** Parsed once per process: runtimes get ASTs, so creating one costs no parse. */
export function flows(): { checkout: FlowFile[]; account: FlowFile[] } {
  parsed ??= {
    checkout: [parseOrThrow(ORDER_FLOW, 'order.flow'), parseOrThrow(PAYMENT_FLOW, 'payment.flow')],
    account: [parseOrThrow(ACCOUNT_FLOW, 'account.flow')],
  };
  return parsed;
}

/** The definition version the runtime stamps on snapshots of @account. */
export function accountVersion(): string {
  return defineMachine(flows().account[0]!.machines[0]!).version;
}

export interface System {
  readonly runtime: Runtime;
  readonly store: EventStore;
  readonly transport: MemoryTransport;
  /** Failures the runtime reported for transport deliveries (a correct run has none). */
  readonly errors: unknown[];
}

export async function startSystem(
  files: readonly FlowFile[],
  options: Partial<Omit<RuntimeOptions, 'flows'>> & { store?: EventStore } = {},
): Promise<System> {
  const store = options.store ?? createMemoryStore();
  const transport = createMemoryTransport();
  const errors: unknown[] = [];
  const runtime = await createRuntime({ ...options, flows: files, store, transport, onError: (error) => errors.push(error) });
  return { runtime, store, transport, errors };
}

export async function stopSystem(system: System): Promise<void> {
  await system.runtime.close();
  await system.transport.close();
}

const EPOCH = Date.parse('2026-01-01T00:00:00.000Z');
const stamp = (n: number) => new Date(EPOCH + n).toISOString();
const id36 = (prefix: string, n: number, width = 10) => `${prefix}${n.toString(36).padStart(width, '0')}`;

/** The three records one checkout conversation leaves in the store (order 1, payment 1, order 2). */
export function checkoutRecords(n: number): [StoredRecord, StoredRecord, StoredRecord] {
  const order = id36('order-f', n, 9);
  const payment = id36('payment-f', n, 9);
  const [e1, e2, e3] = [id36('evt-fa', n, 14), id36('evt-fb', n, 14), id36('evt-fc', n, 14)];
  const [c1, c2] = [id36('conv-a', n, 9), id36('conv-b', n, 9)];
  const total = n % 1000;
  const orderAddress = { machine: '@order', aggregate_id: order };
  const paymentAddress = { machine: '@payment', aggregate_id: payment };
  const request = { id: e2, event: ':payment_request', conversation_id: c2, from: orderAddress, to: { machine: '@payment' }, data: { total }, timestamp: stamp(n), causation_id: e1 };
  const success = { id: e3, event: ':payment_success', conversation_id: c2, from: paymentAddress, to: { ...orderAddress }, data: {}, timestamp: stamp(n + 1), causation_id: e2 };
  return [
    {
      aggregate_id: order, machine: '@order', seq: 1, event_id: e1, event_type: ':checkout', data: { total }, conversation_id: c1,
      from: { machine: '@customer' }, timestamp: stamp(n),
      outcome: { state_after: '#awaiting_payment', context_patch: { set: { total }, unset: [] }, states_entered: ['#awaiting_payment'], emitted: [request] },
    },
    {
      aggregate_id: payment, machine: '@payment', seq: 1, event_id: e2, event_type: ':payment_request', data: { total }, conversation_id: c2,
      from: { ...orderAddress }, timestamp: stamp(n),
      outcome: { state_after: '#captured', context_patch: { set: { amount: total }, unset: [] }, states_entered: ['#captured'], emitted: [success] },
    },
    {
      aggregate_id: order, machine: '@order', seq: 2, event_id: e3, event_type: ':payment_success', data: {}, conversation_id: c2,
      from: { ...paymentAddress }, timestamp: stamp(n + 1),
      outcome: { state_after: '#paid', context_patch: { set: {}, unset: [] }, states_entered: ['#paid'], emitted: [] },
    },
  ];
}

/**
 * Record `seq` of an @account: seq 1 is `:open` (balance = `balance`), every later one a
 * `:deposit` of 1. Each comes from @customer in its own conversation, as public sends do, unless
 * `conversation` is given (a caller that passes one conversation_id to every send).
 */
export function accountRecord(aggregateId: string, seq: number, balance = 0, conversation?: string): StoredRecord {
  const tag = `${aggregateId}-${seq}`;
  const open = seq === 1;
  return {
    aggregate_id: aggregateId, machine: '@account', seq, event_id: `evt-${tag}`, event_type: open ? ':open' : ':deposit',
    data: open ? { balance } : { amount: 1 }, conversation_id: conversation ?? `conv-${tag}`, from: { machine: '@customer' }, timestamp: stamp(seq),
    outcome: {
      state_after: '#open', context_patch: { set: { balance: balance + seq - 1 }, unset: [] },
      states_entered: open ? ['#open'] : [], emitted: [],
    },
  };
}

export interface FillTarget {
  readonly store: MemoryStore;
  /** > 0: also save the snapshot the runtime would have saved last (at the last multiple of this). */
  readonly snapshotEvery: number;
}

/**
 * Appends `count` account records (the same objects) to every target. Only the latest snapshot is
 * saved: hydration reads no other, and the earlier ones would each hold a full copy of the state.
 */
export async function fillAccount(targets: readonly FillTarget[], aggregateId: string, count: number, version: string, conversation?: string): Promise<void> {
  const records: StoredRecord[] = [];
  for (let seq = 1; seq <= count; seq++) records.push(accountRecord(aggregateId, seq, 0, conversation));
  for (const { store, snapshotEvery } of targets) {
    for (const record of records) await store.append([{ aggregateId, expectedSeq: record.seq - 1, records: [record] }]);
    const at = snapshotEvery > 0 ? count - (count % snapshotEvery) : 0;
    if (at > 0) await store.saveSnapshot({ ...replay(initialSnapshot('@account', aggregateId), records.slice(0, at)), definition_version: version });
  }
}

/** Fills a store with `records` checkout records (3 per checkout), outboxes marked dispatched. */
export async function fillCheckouts(store: MemoryStore, records: number): Promise<number> {
  let written = 0;
  for (let n = 0; written < records; n++) {
    for (const record of checkoutRecords(n)) {
      if (written === records) break;
      await store.append([{ aggregateId: record.aggregate_id, expectedSeq: record.seq - 1, records: [record] }]);
      if (record.outcome.emitted.length > 0) await store.markDispatched([{ aggregateId: record.aggregate_id, seq: record.seq }]);
      written++;
    }
  }
  return written;
}

/** Keys and value types, recursively: two records of the same shape give the same string. */
export function shapeOf(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length > 0 ? shapeOf(value[0]) : ''}]`;
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
  return `{${entries.map(([key, v]) => `${key}:${shapeOf(v)}`).join(',')}}`;
}
