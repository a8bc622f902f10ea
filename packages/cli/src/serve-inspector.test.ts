// `eventflow serve` mounts the inspector at /inspect: behind the API's authentication, live pages
// hold an event stream open yet SIGTERM still drains at once (the streams end) and exits 0; it can be
// switched off (inspect.enabled).
import { afterAll, expect, test } from 'vitest';
import { killLeftovers, spawnServe } from './test-support/serve-process.ts';

afterAll(killLeftovers);

const json = { 'content-type': 'application/json' };

test('the inspector at /inspect, behind the same bearer token; an open live page does not hold up the drain', async () => {
  const served = spawnServe(['apps/checkout', '--port', '0'], { EVENTFLOW_HTTP_AUTH_BEARER_TOKENS: 's3cret', EVENTFLOW_DRAIN_DEADLINE_MS: '20000' });
  const url = await served.url;
  const auth = { authorization: 'Bearer s3cret' };
  expect((await fetch(`${url}/inspect/`)).status).toBe(401);
  const created = await fetch(`${url}/order/checkout`, { method: 'POST', headers: { ...json, ...auth }, body: JSON.stringify({ total: 40 }) });
  const id = created.headers.get('eventflow-aggregate-id') as string;
  await expect
    .poll(async () => (await (await fetch(`${url}/inspect/machines/order?state=confirmed`, { headers: auth })).text()).includes(`/inspect/instances/${id}`), { timeout: 30_000 })
    .toBe(true);
  const page = await fetch(`${url}/inspect/instances/${id}`, { headers: auth });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('data-live="/inspect/events?instance=');
  const live = await fetch(`${url}/inspect/events?instance=${id}`, { headers: auth });
  expect(live.headers.get('content-type')).toContain('text/event-stream');
  const reader = (live.body as ReadableStream<Uint8Array>).getReader();
  await reader.read();
  // Exit 0 means the drain finished inside its deadline: the stream ended instead of keeping the connection open.
  expect(await served.stop('SIGTERM')).toBe(0);
  expect((await reader.read()).done).toBe(true);
  expect(served.lines.map((l) => l['msg'])).toEqual(expect.arrayContaining(['draining', 'stopped']));
}, 90_000);

test('EVENTFLOW_INSPECT_ENABLED=false serves no inspector', async () => {
  const served = spawnServe(['apps/checkout', '--port', '0'], { EVENTFLOW_INSPECT_ENABLED: 'false' });
  const url = await served.url;
  expect((await fetch(`${url}/inspect/`)).status).toBe(404);
  expect(await served.stop()).toBe(0);
}, 90_000);
