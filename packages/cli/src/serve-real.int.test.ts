// `eventflow serve` on MongoDB (FerretDB) + Kafka as two processes: an `ingress` (HTTP only) and a
// `worker` (consumes). The checkout app's whole HTTP surface works across them; SIGTERM drains
// either one (exit 0, nothing lost); a restarted worker finishes what the stopped one left; the
// ingress's inspector shows the orders the workers completed.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, expect, test } from 'vitest';
import { dropNamespace, ready, realServeEnv } from './test-support/real-services.ts';
import { killLeftovers, spawnServe } from './test-support/serve-process.ts';

const namespace = `serve_${Date.now().toString(36)}`;
const env = { ...realServeEnv(namespace, 2), EVENTFLOW_OUTBOX_SWEEP_MS: '1000', EVENTFLOW_DRAIN_DEADLINE_MS: '60000' };
const json = { 'content-type': 'application/json' };

/** The JSON body of a response. */
async function body(response: Response | Promise<Response>): Promise<any> {
  return (await response).json();
}

afterAll(async () => {
  killLeftovers();
  await dropNamespace(namespace);
});

async function checkout(ingress: string, total: number): Promise<string> {
  const response = await fetch(`${ingress}/order/checkout`, { method: 'POST', headers: json, body: JSON.stringify({ total, items: [{ sku: 'book', qty: 1 }] }) });
  expect(response.status).toBe(202);
  return response.headers.get('eventflow-aggregate-id') as string;
}

async function stateOf(ingress: string, id: string): Promise<string> {
  return (await body(fetch(`${ingress}/order/${id}`))).state;
}

test('ingress + worker: the checkout over HTTP; SIGTERM drains each; a restarted worker finishes the work', async () => {
  let worker = spawnServe(['apps/checkout', '--role', 'worker'], env);
  const ingressProcess = spawnServe(['apps/checkout', '--role', 'ingress'], env);
  const [workerUrl, ingress] = await Promise.all([ready(worker), ready(ingressProcess)]);
  expect((await body(fetch(`${workerUrl}/readyz`))).checks).toEqual({ store: 'ok', transport: 'ok', subscriptions: 'ok (5 joined)' });
  expect((await body(fetch(`${ingress}/readyz`))).checks.subscriptions).toBe('ok (consumes nothing)');
  expect((await fetch(`${workerUrl}/order/checkout`, { method: 'POST' })).status).toBe(404);

  // create + reply, then the whole conversation runs in the worker
  const id = await checkout(ingress, 120);
  await expect.poll(() => stateOf(ingress, id), { timeout: 60_000, interval: 200 }).toBe('confirmed');
  // a later event by id (the handler's own 409 reply), the routing error, a validation error, time travel
  const cancel = await fetch(`${ingress}/order/${id}/cancel_order`, { method: 'POST' });
  expect([cancel.status, await body(cancel)]).toEqual([409, { status: 'confirmed' }]);
  const unrouted = await fetch(`${ingress}/order/cancel_order`, { method: 'POST' });
  expect(unrouted.status).toBe(409);
  expect((await body(unrouted)).detail).toContain("EventFlowError: Cannot route event ':cancel_order' to @order\n  - No aggregate_id provided in event payload");
  const invalid = await fetch(`${ingress}/order/checkout`, { method: 'POST', headers: json, body: JSON.stringify({ total: -1 }) });
  expect([invalid.status, (await body(invalid)).errors]).toEqual([422, [{ field: 'total', rules: ['at least 0'], message: 'must be at least 0, got number -1' }]]);
  expect((await body(fetch(`${ingress}/order/${id}?at=1`))).state).toBe('processing');
  expect((await body(fetch(`${ingress}/order/${id}/history`))).records).toHaveLength(5);
  expect((await new Validator().validate(await body(fetch(`${ingress}/openapi.json`)))).valid).toBe(true);

  // SIGTERM the worker while checkouts are on their way: it drains and exits 0
  const orders = await Promise.all(Array.from({ length: 12 }, (_, i) => checkout(ingress, 10 + i)));
  expect(await worker.stop('SIGTERM')).toBe(0);
  expect(worker.lines.map((l) => l['msg'])).toEqual(expect.arrayContaining(['draining', 'stopped']));
  const whileStopped = await checkout(ingress, 99);
  // a new worker takes over: every order completes, each event handled once
  worker = spawnServe(['apps/checkout', '--role', 'worker'], env);
  await ready(worker);
  for (const order of [...orders, whileStopped]) {
    await expect.poll(() => stateOf(ingress, order), { timeout: 90_000, interval: 250 }).toBe('confirmed');
    const events = (await body(fetch(`${ingress}/order/${order}/history`))).records.map((r: { event: string }) => r.event);
    expect(events.slice(0, 1)).toEqual([':checkout']);
    expect([...events.slice(1)].sort()).toEqual([':fraud_cleared', ':payment_success', ':stock_reserved']);
  }
  const payments = await body(fetch(`${ingress}/payment?limit=500`));
  expect(payments.items).toHaveLength(orders.length + 2);
  // the ingress's inspector sees what the workers stored (it polls the shared store)
  await expect.poll(async () => (await (await fetch(`${ingress}/inspect/machines/order?state=confirmed&limit=200`)).text()).split('/inspect/instances/').length - 1, { timeout: 30_000, interval: 500 }).toBe(orders.length + 2);
  expect(await (await fetch(`${ingress}/inspect/instances/${id}/at/1`)).json()).toMatchObject({ state: '#processing', last_seq: 5 });

  // SIGTERM the ingress with requests in flight: each gets an answer or is refused, never a 500
  const inFlight = Array.from({ length: 8 }, (_, i) =>
    fetch(`${ingress}/order/checkout`, { method: 'POST', headers: json, body: JSON.stringify({ total: 50 + i }) }).then(
      (r) => r.status,
      () => 'refused',
    ),
  );
  const ingressExit = ingressProcess.stop('SIGTERM');
  const statuses = await Promise.all(inFlight);
  expect(statuses.every((s) => s === 202 || s === 503 || s === 'refused'), String(statuses)).toBe(true);
  expect(await ingressExit, `${ingressProcess.stderr()}\n${ingressProcess.lines.slice(-6).map((l) => JSON.stringify(l)).join('\n')}`).toBe(0);
  expect(await worker.stop('SIGINT')).toBe(0);
}, 300_000);
