// Runs under Deno 2: core (and the language it parses with) use web-standard APIs only.
// The store and transport here are written inline so that nothing but core is loaded.
import { createRuntime, type BatchHandler, type EventStore, type StoredRecord, type Transport } from '@eventflow/core';

const streams = new Map<string, StoredRecord[]>();
const store: EventStore = {
  async append(commits) {
    return commits.map(({ aggregateId, expectedSeq, records }) => {
      const stream = streams.get(aggregateId) ?? [];
      if (stream.length !== expectedSeq) return { status: 'conflict', lastSeq: stream.length };
      streams.set(aggregateId, [...stream, ...records]);
      return { status: 'appended', lastSeq: expectedSeq + records.length };
    });
  },
  async read(id, options = {}) {
    return (streams.get(id) ?? []).filter((r) => r.seq >= (options.fromSeq ?? 1) && r.seq <= (options.toSeq ?? Infinity));
  },
  async listAggregates(options = {}) {
    return [...streams.entries()].filter(([, r]) => !options.machine || r[0]?.machine === options.machine).map(([id]) => id);
  },
  async findByEventId(eventId) {
    return [...streams.values()].flat().find((r) => r.event_id === eventId);
  },
  async undispatched() {
    return [];
  },
  async markDispatched() {},
  async close() {},
};
const handlers = new Map<string, BatchHandler>();
const transport: Transport = {
  durable: false,
  async publish(envelopes) {
    for (const e of envelopes) queueMicrotask(() => void handlers.get(e.to.machine)?.([e]));
  },
  async subscribe(machine, handler) {
    handlers.set(machine, handler);
    return { unsubscribe: async () => void handlers.delete(machine) };
  },
  async close() {},
};

const source = `
machine: @order
  on :checkout from @customer (api)
    order moves to #awaiting_payment
    emit :payment_request to @payment
  on :payment_success from @payment
    order moves to #paid

machine: @payment
  on :payment_request from @order
    emit :payment_success to @order
`;
const runtime = await createRuntime({ flows: [{ name: 'deno.flow', source }], store, transport });
const { aggregate_id } = await runtime.send({ event: ':checkout', to: '@order', from: '@customer' });
await runtime.settle();
const view = await runtime.state(aggregate_id);
const before = await runtime.state(aggregate_id, { atSeq: 1 });
console.log(JSON.stringify({ runtime: 'deno', version: Deno.version.deno, state: view.state, atSeq1: before.state }));
await runtime.close();
