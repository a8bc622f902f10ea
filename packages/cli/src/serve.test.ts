// `eventflow serve` as a real process on memory adapters: serves the checkout app, logs JSON lines
// with the event fields, drains on SIGTERM (the request in flight gets its reply) and exits 0; a
// file store keeps the orders across a restart; a bad config exits 2 naming the field.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { CORE_IMPORT, cli, tempFlows } from './test-support/cli.ts';
import { killLeftovers, spawnServe } from './test-support/serve-process.ts';

afterAll(killLeftovers);

const json = { 'content-type': 'application/json' };

test('serves the checkout app; SIGTERM drains and exits 0', async () => {
  const served = spawnServe(['apps/checkout', '--port', '0']);
  const url = await served.url;
  const created = await fetch(`${url}/order/checkout`, { method: 'POST', headers: json, body: JSON.stringify({ total: 120, items: [{ sku: 'book', qty: 1 }] }) });
  expect(created.status).toBe(202);
  const id = created.headers.get('eventflow-aggregate-id') as string;
  await expect.poll(async () => ((await (await fetch(`${url}/order/${id}`)).json()) as { state: string }).state, { timeout: 30_000 }).toBe('confirmed');
  expect((await fetch(`${url}/readyz`)).status).toBe(200);
  expect(served.lines.find((l) => l['msg'] === 'started')).toMatchObject({ role: 'all', store: 'memory store', transport: 'memory transport' });
  expect(served.lines.find((l) => l['msg'] === 'request' && l['path'] === '/order/checkout')).toMatchObject({
    level: 30,
    status: 202,
    machine: '@order',
    event: ':checkout',
    aggregate_id: id,
    seq: 1,
    conversation_id: expect.any(String),
  });
  expect(await served.stop('SIGTERM')).toBe(0);
  expect(served.lines.map((l) => l['msg'])).toEqual(expect.arrayContaining(['draining', 'stopped']));
}, 90_000);

test('a request in flight when SIGTERM comes still gets its reply; new connections are refused', async () => {
  const marker = join(mkdtempSync(join(tmpdir(), 'eventflow-serve-')), 'started');
  const dir = tempFlows({
    'job.flow': 'machine: @job\n  on :start from @client (api)\n    do the slow part\n    job moves to #done\n    reply 201 created with:\n      | state | current_state |\n',
    'job.bindings.ts': `import { writeFileSync } from 'node:fs';\nimport { defineBindings } from '${CORE_IMPORT}';\nexport default defineBindings('@job', (b) => b.action('do the slow part', async () => {\n  writeFileSync(process.env.MARKER as string, 'started');\n  await new Promise((resolve) => setTimeout(resolve, 1500));\n}));\n`,
  });
  const served = spawnServe([dir], { EVENTFLOW_HTTP_PORT: '0', EVENTFLOW_DRAIN_DEADLINE_MS: '30000', MARKER: marker });
  const url = await served.url;
  const reply = fetch(`${url}/job/start`, { method: 'POST' });
  await expect.poll(() => existsSync(marker), { timeout: 30_000, interval: 20 }).toBe(true);
  const exit = served.stop('SIGTERM');
  const answered = await reply;
  expect(answered.status).toBe(201);
  expect(await answered.json()).toEqual({ state: 'done' });
  expect(await exit).toBe(0);
  await expect(fetch(`${url}/healthz`)).rejects.toThrow();
}, 90_000);

test('a file store keeps the orders across a restart', async () => {
  const store = join(mkdtempSync(join(tmpdir(), 'eventflow-serve-')), 'events.jsonl');
  const env = { EVENTFLOW_STORE_KIND: 'file', EVENTFLOW_STORE_PATH: store, EVENTFLOW_HTTP_PORT: '0' };
  const first = spawnServe(['apps/checkout'], env);
  const created = await fetch(`${await first.url}/order/checkout`, { method: 'POST', headers: json, body: JSON.stringify({ total: 40 }) });
  const id = created.headers.get('eventflow-aggregate-id') as string;
  expect(await first.stop('SIGINT')).toBe(0);
  const second = spawnServe(['apps/checkout'], env);
  const order = await (await fetch(`${await second.url}/order/${id}`)).json();
  expect(order).toMatchObject({ aggregate_id: id, state: 'confirmed', context: { total: 40 } });
  expect(await second.stop()).toBe(0);
}, 90_000);

test('a bad configuration exits 2 with the field, its value and where it came from', async () => {
  const run = await cli(['serve', 'apps/checkout'], { env: { EVENTFLOW_STORE_KIND: 'postgres' } });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('error: Invalid configuration: store.kind must be one of memory, file, mongodb; got "postgres" (from EVENTFLOW_STORE_KIND)');
  const dir = tempFlows({ 'a.flow': 'machine: @a\n  on :go from @u (api)\n    a moves to #gone\n', 'eventflow.config.json': '{ "http": { "prot": 1 } }' });
  const typo = await cli(['serve', dir]);
  expect(typo.code).toBe(2);
  expect(typo.stderr).toContain('unknown field http.prot in eventflow.config.json (did you mean http.port?)');
  writeFileSync(join(dir, 'eventflow.config.json'), '{ "flows": ["nothing/*.flow"] }');
  expect((await cli(['serve', dir])).stderr).toContain("flows: 'nothing/*.flow' matches no file");
});
