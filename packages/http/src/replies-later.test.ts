// A handler that replies later than the reply timeout is answered 202 with a link to poll; the poll
// gives the reply once it is there. `(queued api)` handlers answer 202 at once. A drain refuses new
// events, reports not ready, and idle() waits for the replies still running.
import { defineBindings, type Runtime } from '@eventflow/core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createHttpApp, type HttpApp } from './app.ts';
import { get, listen, memoryRuntime, post, type Served } from './test-support/server.ts';

const FLOW = `
machine: @quote
  on :ask from @buyer (api)
    consult the supplier
    quote moves to #quoted
    reply 201 created with:
      | price | $price |
  on :rush from @buyer (queued api)
    quote moves to #rushed
`;

let release: () => void = () => {};
const supplier = defineBindings('@quote', (b) =>
  b.action('consult the supplier', () => new Promise<Record<string, unknown>>((resolve) => (release = () => resolve({ price: 42 })))),
);

let runtime: Runtime;
let app: HttpApp;
let served: Served;

beforeAll(async () => {
  ({ runtime } = await memoryRuntime([{ name: 'quote.flow', source: FLOW }], [supplier]));
  app = createHttpApp(runtime, { replyTimeoutMs: 150 });
  served = await listen(app.fetch);
});

afterAll(async () => {
  await served.close();
  await runtime.close();
});

async function untilSupplierAsked(): Promise<void> {
  release = undefined as never;
  // The request is on its way once the binding holds a release function.
  await expect.poll(() => typeof release, { timeout: 10_000, interval: 5 }).toBe('function');
}

test('a reply later than the timeout: 202 and a poll link; the poll gives 202 until the reply, then the reply', async () => {
  const asked = post(`${served.url}/quote/ask`, {});
  await untilSupplierAsked();
  const answered = await asked;
  expect(answered.status).toBe(202);
  expect(answered.body).toMatchObject({ status: 'pending', poll: expect.stringMatching(/^\/requests\/[0-9a-f-]{36}$/) });
  expect(answered.headers.get('location')).toBe(answered.body.poll);
  expect((await get(`${served.url}${answered.body.poll}`)).status).toBe(202);
  release();
  await expect.poll(async () => (await get(`${served.url}${answered.body.poll}`)).status, { timeout: 10_000, interval: 20 }).toBe(201);
  const reply = await get(`${served.url}${answered.body.poll}`);
  expect(reply.body).toEqual({ price: 42 });
  expect(reply.headers.get('location')).toMatch(/^\/quote\/quote-/);
  expect((await get(`${served.url}/requests/00000000-0000-0000-0000-000000000000`)).status).toBe(404);
});

test('a reply within the timeout is the answer itself', async () => {
  const asked = post(`${served.url}/quote/ask`, {});
  await untilSupplierAsked();
  release();
  expect(await asked).toMatchObject({ status: 201, body: { price: 42 } });
});

test('(queued api): 202 with the instance at once', async () => {
  const asked = post(`${served.url}/quote/ask`, {});
  await untilSupplierAsked();
  release();
  const id = (await asked).headers.get('eventflow-aggregate-id') as string;
  const rushed = await post(`${served.url}/quote/${id}/rush`, {});
  expect(rushed.status).toBe(202);
  // Either the handler was done before the answer went out, or the answer says where to poll.
  expect(rushed.body.aggregate_id === id || rushed.body.status === 'pending').toBe(true);
  await expect.poll(async () => (await runtime.state(id)).state, { timeout: 10_000 }).toBe('#rushed');
});

test('drain: new events 503, /readyz 503, reads still served; idle() waits for the reply still running', async () => {
  const asked = post(`${served.url}/quote/ask`, {});
  await untilSupplierAsked();
  const answered = await asked;
  expect(answered.status).toBe(202);
  app.drain();
  expect((await post(`${served.url}/quote/ask`, {})).status).toBe(503);
  expect((await get(`${served.url}/readyz`)).body).toMatchObject({ status: 'draining' });
  expect((await get(`${served.url}/quote`)).status).toBe(200);
  let idle = false;
  const waiting = app.idle().then(() => (idle = true));
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(idle).toBe(false);
  release();
  await waiting;
  expect((await get(`${served.url}${answered.body.poll}`)).status).toBe(201);
});
