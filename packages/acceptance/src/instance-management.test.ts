// Every example of the seed page "Instance Management", run as written.
import { isRoutingError, RoutingError } from '@eventflow/core';
import { describe, expect, test } from 'vitest';
import { startSystem } from './harness.ts';

const lifecycle = `
machine: @order

scenario: order lifecycle

  on :checkout from @customer (api)        // First event → creates NEW aggregate
    // aggregate_id auto-generated: "order-abc123"
    order moves to #pending
    emit :payment_request to @payment

  on :payment_success from @payment   // Requires EXISTING aggregate
    order moves to #paid

  on :cancel_order from @customer (api)    // API endpoint, but requires existing aggregate
    order moves to #cancelled

  on :shipped from @warehouse (api)
    order moves to #shipped

machine: @payment
  on :payment_request from @order
    emit :payment_success to @order
`;

const routingExample = `
machine: @order

scenario: checkout flow

  // First event → creates new aggregate (order-abc123)
  // Also an API endpoint (externally callable)
  on :checkout from @customer (api)
    order moves to #awaiting_payment
    emit :payment_request to @payment

  // Internal event → requires existing aggregate
  // Routed via conversation context
  on :payment_success from @payment
    order moves to #paid

  // API endpoint but NOT first event
  // Requires aggregate reference in payload, else runtime error
  on :cancel_order from @customer (api)
    ? order is in #awaiting_payment
      order moves to #cancelled
`;

const seedError = `EventFlowError: Cannot route event ':cancel_order' to @order
  - No aggregate_id provided in event payload
  - No conversation context available
  Hint: This event requires an existing order aggregate.
        Include 'order_id' in your request or use conversation context.`;

describe('instance management: creating and routing', () => {
  test('the first event of the flow creates a new aggregate with a generated id', async () => {
    const { runtime, store } = await startSystem({ 'order.flow': routingExample });
    const first = await runtime.send({ event: ':checkout', to: '@order', from: '@customer', data: { customer: 'ann' } });
    const second = await runtime.send({ event: ':checkout', to: '@order', from: '@customer', data: { customer: 'bob' } });
    expect(first.aggregate_id).toMatch(/^order-[0-9a-z]{10}$/);
    expect(second.aggregate_id).not.toBe(first.aggregate_id);
    expect(first.state).toBe('#awaiting_payment');
    const [record] = await store.read(first.aggregate_id);
    expect(record).toMatchObject({ aggregate_id: first.aggregate_id, event_type: ':checkout', seq: 1, data: { customer: 'ann' } });
    await runtime.close();
  });

  test('a later event without any reference fails with the seed error, word for word', async () => {
    const { runtime } = await startSystem({ 'order.flow': routingExample });
    const error = await runtime.send({ event: ':cancel_order', to: '@order', from: '@customer' }).catch((e: unknown) => e);
    expect(isRoutingError(error)).toBe(true);
    expect(String(error)).toBe(seedError);
    expect(error).toMatchObject({ event: ':cancel_order', machine: '@order', idField: 'order_id', code: 'ROUTING_ERROR' });
    await runtime.close();
  });

  test('the error names the machine and its id field for any machine', () => {
    const error = new RoutingError(':refund', '@payment', ['No aggregate_id provided in event payload', 'No conversation context available']);
    expect(String(error)).toContain("Cannot route event ':refund' to @payment");
    expect(String(error)).toContain("Include 'payment_id' in your request");
  });

  test("a later (api) event with 'order_id' in the payload reaches that order", async () => {
    const { runtime } = await startSystem({ 'order.flow': routingExample });
    const { aggregate_id } = await runtime.send({ event: ':checkout', to: '@order', from: '@customer' });
    const cancelled = await runtime.send({ event: ':cancel_order', to: '@order', from: '@customer', data: { order_id: aggregate_id } });
    expect(cancelled).toMatchObject({ aggregate_id, state: '#cancelled', seq: 2 });
    await runtime.close();
  });

  test('an explicit id may also be given as aggregate_id, or in the @order:abc display form', async () => {
    const { runtime } = await startSystem({ 'order.flow': routingExample });
    const { aggregate_id } = await runtime.send({ event: ':checkout', to: '@order', from: '@customer' });
    const display = `@order:${aggregate_id.slice('order-'.length)}`;
    const viaDisplay = await runtime.send({ event: ':cancel_order', to: display, from: '@customer' });
    expect(viaDisplay.aggregate_id).toBe(aggregate_id);
    const other = await runtime.send({ event: ':checkout', to: '@order', from: '@customer' });
    const viaField = await runtime.send({ event: ':cancel_order', to: '@order', data: { aggregate_id: other.aggregate_id } });
    expect(viaField).toMatchObject({ aggregate_id: other.aggregate_id, state: '#cancelled' });
    await runtime.close();
  });

  test('an explicit id that does not exist is a routing error naming the id', async () => {
    const { runtime } = await startSystem({ 'order.flow': routingExample });
    const error = await runtime.send({ event: ':cancel_order', to: '@order', data: { order_id: 'order-nope' } }).catch((e: unknown) => e);
    expect(isRoutingError(error)).toBe(true);
    expect(String(error)).toContain("No order aggregate with id 'order-nope' exists");
    await runtime.close();
  });

  test('the internal :payment_success is routed by conversation context; the public ingress refuses it', async () => {
    const { runtime } = await startSystem({ 'order.flow': lifecycle });
    const { aggregate_id } = await runtime.send({ event: ':checkout', to: '@order', from: '@customer' });
    await runtime.settle();
    expect((await runtime.state(aggregate_id)).state).toBe('#paid');
    const refused = await runtime.send({ event: ':payment_success', to: '@order', data: { order_id: aggregate_id } }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'INTERNAL_EVENT' });
    await runtime.close();
  });
});

describe('instance management: isolation and reconstruction', () => {
  test('instances never share state or context', async () => {
    const flow = `
machine: @order
  on> :checkout from @customer
    $total becomes $total
    $items adds $item
    order moves to #pending
  on> :pay from @customer
    order moves to #paid
`;
    const { runtime } = await startSystem({ 'order.flow': flow });
    const a = await runtime.send({ event: ':checkout', to: '@order', data: { total: 1200, item: 'Laptop' } });
    const b = await runtime.send({ event: ':checkout', to: '@order', data: { total: 50, item: 'Mouse' } });
    await runtime.send({ event: ':pay', to: '@order', data: { order_id: a.aggregate_id } });
    expect(await runtime.state(a.aggregate_id)).toMatchObject({ state: '#paid', context: { total: 1200, items: ['Laptop'] } });
    expect(await runtime.state(b.aggregate_id)).toMatchObject({ state: '#pending', context: { total: 50, items: ['Mouse'] } });
    const instances = await runtime.instances('@order');
    expect(instances.map((i) => i.aggregate_id).sort()).toEqual([a.aggregate_id, b.aggregate_id].sort());
    await runtime.close();
  });

  test('state is reconstructed from the events, at any point (time travel)', async () => {
    const { runtime } = await startSystem({ 'order.flow': lifecycle });
    const { aggregate_id } = await runtime.send({ event: ':checkout', to: '@order', from: '@customer' });
    await runtime.settle();
    await runtime.send({ event: ':shipped', to: '@order', from: '@warehouse', data: { order_id: aggregate_id, tracking: 'T-1' } });
    const history = await runtime.history(aggregate_id);
    expect(history.map((r) => [r.seq, r.event_type, r.outcome.state_after])).toEqual([
      [1, ':checkout', '#pending'],
      [2, ':payment_success', '#paid'],
      [3, ':shipped', '#shipped'],
    ]);
    // The outbound :payment_request is part of record 1's outcome (an emit, no state change of its own).
    expect(history[0]?.outcome.emitted.map((e) => e.event)).toEqual([':payment_request']);
    expect((await runtime.state(aggregate_id)).state).toBe('#shipped');
    expect((await runtime.state(aggregate_id, { atSeq: 1 })).state).toBe('#pending');
    expect((await runtime.state(aggregate_id, { atSeq: 2 })).state).toBe('#paid');
    expect((await runtime.state(aggregate_id, { atSeq: 2 })).history).toEqual(['#pending', '#paid']);
    await runtime.close();
  });
});

describe('instance management: payload isolation', () => {
  test('a payload is copied on the way in: later changes by the caller, or a __proto__ key, change nothing stored', async () => {
    const flow = `machine: @order\n  on> :checkout from @customer\n    $items becomes $items\n    $meta becomes $meta\n`;
    const { runtime } = await startSystem({ 'order.flow': flow });
    const items = [{ sku: 'a' }];
    const meta = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as Record<string, unknown>;
    const { aggregate_id } = await runtime.send({ event: ':checkout', to: '@order', data: { items, meta } });
    items[0]!.sku = 'changed';
    items.push({ sku: 'b' });
    const view = await runtime.state(aggregate_id);
    expect(view.context['items']).toEqual([{ sku: 'a' }]);
    const stored = view.context['meta'] as Record<string, unknown>;
    expect(Object.keys(stored)).toEqual(['__proto__', 'ok']);
    expect((stored as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  test('an emitted field named __proto__ is data in the envelope, not its prototype', async () => {
    const flow = `machine: @order
  on> :checkout from @customer
    emit :noted to @audit with __proto__: $note, ok: 1
`;
    const { runtime } = await startSystem({ 'order.flow': flow });
    await runtime.send({ event: ':checkout', to: '@order', data: { note: { polluted: true } } });
    const [noted] = runtime.external();
    expect(Object.keys(noted?.data ?? {})).toEqual(['__proto__', 'ok']);
    expect(Object.getPrototypeOf(noted?.data)).toBe(Object.prototype);
    expect((noted?.data as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
