// The checkout app served over real HTTP on memory adapters: create, reply, a later event by id,
// the seed's routing error, a validation error, time travel, paging, and unreachable internal events.
import type { Runtime } from '@eventflow/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHttpApp } from './app.ts';
import { checkoutBindings, checkoutFlows, get, listen, memoryRuntime, post, type Served } from './test-support/server.ts';

let runtime: Runtime;
let served: Served;

beforeAll(async () => {
  const bindings = await checkoutBindings();
  ({ runtime } = await memoryRuntime(checkoutFlows(), bindings));
  served = await listen(createHttpApp(runtime, { bindings }).fetch);
});

afterAll(async () => {
  await served.close();
  await runtime.close();
});

async function checkout(total = 120): Promise<string> {
  const created = await post(`${served.url}/order/checkout`, { total, items: [{ sku: 'book', qty: 1 }] });
  expect(created.status).toBe(202);
  return created.body.aggregate_id ?? (created.headers.get('location') as string).split('/').pop();
}

describe('POST /order/checkout creates an order and answers with the reply of the handler', () => {
  test('202, the reply table as JSON, a Location to the new order', async () => {
    const created = await post(`${served.url}/order/checkout`, { total: 120, items: [{ sku: 'book', qty: 2 }] });
    expect(created.status).toBe(202);
    expect(created.headers.get('content-type')).toMatch(/^application\/json/);
    expect(created.body).toEqual({ status: 'processing', total: 120 });
    const location = created.headers.get('location') as string;
    expect(location).toMatch(/^\/order\/order-[a-z0-9]+$/);
    await runtime.settle();
    const order = await get(`${served.url}${location}`);
    expect(order.status).toBe(200);
    expect(order.body).toMatchObject({ machine: '@order', state: 'confirmed', context: { total: 120, payment_ok: true, fraud_ok: true, stock_ok: true } });
  });

  test('a later event reaches the order named in the path, or by order_id in the body', async () => {
    const id = await checkout();
    await runtime.settle();
    const byPath = await post(`${served.url}/order/${id}/cancel_order`);
    expect(byPath).toMatchObject({ status: 409, body: { status: 'confirmed' } });
    expect(byPath.headers.get('content-type')).toMatch(/^application\/json/);
    const byBody = await post(`${served.url}/order/cancel_order`, { order_id: id });
    expect(byBody).toMatchObject({ status: 409, body: { status: 'confirmed' } });
    expect((await get(`${served.url}/order/${id}`)).body.seq).toBe(6);
  });
});

describe('the routing error of the seed', () => {
  test('a later event without an order: 409 problem+json carrying the seed text', async () => {
    const response = await post(`${served.url}/order/cancel_order`);
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body.detail).toBe(
      [
        "EventFlowError: Cannot route event ':cancel_order' to @order",
        '  - No aggregate_id provided in event payload',
        '  - No conversation context available',
        '  Hint: This event requires an existing order aggregate.',
        "        Include 'order_id' in your request or use conversation context.",
      ].join('\n'),
    );
    expect(response.body).toMatchObject({ status: 409, code: 'ROUTING_ERROR', id_field: 'order_id' });
  });

  test('an order that does not exist: 404 with the same layout', async () => {
    const response = await post(`${served.url}/order/order-nothere/cancel_order`);
    expect(response.status).toBe(404);
    expect(response.body.detail).toContain("EventFlowError: Cannot route event ':cancel_order' to @order\n  - No order aggregate with id 'order-nothere' exists");
  });
});

test('a payload breaking the validation tables: 422, one entry per field, nothing stored', async () => {
  const before = (await get(`${served.url}/order?limit=500`)).body.items.length;
  const response = await post(`${served.url}/order/checkout`, { total: 'lots', items: 'a sofa' });
  expect(response.status).toBe(422);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.body.errors).toEqual([
    { field: 'items', rules: ['array'], message: 'must be an array, got string "a sofa"' },
    { field: 'total', rules: ['number', 'at least 0'], message: 'must be a number, got string "lots"; must be at least 0, got string "lots"' },
  ]);
  expect((await get(`${served.url}/order?limit=500`)).body.items.length).toBe(before);
});

test('time travel: ?at=seq shows the order as it was; /history lists every record', async () => {
  const id = await checkout(300);
  await runtime.settle();
  expect((await get(`${served.url}/order/${id}?at=1`)).body).toMatchObject({ state: 'processing', seq: 1, context: { total: 300 } });
  expect((await get(`${served.url}/order/${id}`)).body).toMatchObject({ state: 'confirmed', seq: 4 });
  const history = await get(`${served.url}/order/${id}/history`);
  expect(history.body.records.map((r: { event: string }) => r.event).slice(0, 1)).toEqual([':checkout']);
  expect(history.body.records.map((r: { seq: number }) => r.seq)).toEqual([1, 2, 3, 4]);
  expect(history.body.records[0]).toMatchObject({ state_after: 'processing', reply: { status: 202 } });
  expect((await get(`${served.url}/order/${id}?at=x`)).status).toBe(422);
  expect((await get(`${served.url}/payment/${id}`)).status).toBe(404);
  expect((await get(`${served.url}/order/order-nothere/history`)).status).toBe(404);
});

test('GET /order pages through the orders', async () => {
  for (let i = 0; i < 3; i++) await checkout(10 + i);
  const all = (await get(`${served.url}/order?limit=500`)).body.items.map((i: { aggregate_id: string }) => i.aggregate_id);
  const seen: string[] = [];
  let next: string | undefined = '/order?limit=2';
  while (next) {
    const page: { status: number; body: { items: { aggregate_id: string }[]; next?: string } } = await get(`${served.url}${next}`);
    expect(page.body.items.length).toBeLessThanOrEqual(2);
    seen.push(...page.body.items.map((i) => i.aggregate_id));
    next = page.body.next;
  }
  expect(seen).toEqual(all);
  expect(all.length).toBeGreaterThanOrEqual(3);
  expect((await get(`${served.url}/order?limit=0`)).status).toBe(422);
});

test('internal events have no endpoint', async () => {
  for (const path of ['/order/payment_success', '/payment/payment_request', '/bank/authorize_card', '/order/x/payment_success']) {
    const response = await post(`${served.url}${path}`, {});
    expect(response.status, path).toBe(404);
    expect(response.body.title).toBe('No such endpoint');
  }
});
