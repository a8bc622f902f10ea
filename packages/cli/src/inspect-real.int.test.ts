// `eventflow inspect --ui` over a real MongoDB-wire server (FerretDB): another process's runtime (here,
// one in this test process) stores checkouts; the inspector lists them by state, shows an order at a
// seq, and finds the orders stored after it started (polling), telling an open page to update.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRuntime, type BindingSet, type Runtime } from '@eventflow/core';
import { createMemoryTransport } from '@eventflow/memory';
import { createMongoEventStore, type MongoEventStore } from '@eventflow/mongodb';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CHECKOUT_FLOWS, tempFlows } from './test-support/cli.ts';
import { spawnCli, type CliProcess } from './test-support/process.ts';

const url = required('EVENTFLOW_MONGO_URL');
const database = `inspect_${Date.now().toString(36)}`;
let store: MongoEventStore;
let runtime: Runtime;
let ui: CliProcess | undefined;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through the vitest int project`);
  return value;
}

beforeAll(async () => {
  const flows = readdirSync(CHECKOUT_FLOWS)
    .filter((name) => name.endsWith('.flow') && !name.endsWith('.test.flow'))
    .map((name) => ({ name, source: readFileSync(join(CHECKOUT_FLOWS, name), 'utf8') }));
  const bindings = (await import(pathToFileURL(join(CHECKOUT_FLOWS, 'checkout.bindings.ts')).href)).default as BindingSet[];
  store = createMongoEventStore({ url, database });
  runtime = await createRuntime({ flows, store, transport: createMemoryTransport(), bindings });
});

afterAll(async () => {
  await ui?.stop();
  await runtime?.close();
  await store?.close();
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
  await client.db(database).dropDatabase().catch(() => undefined);
  await client.close();
});

async function checkout(total: number): Promise<string> {
  const sent = await runtime.send({ event: ':checkout', to: '@order', data: { total, items: [{ sku: 'book', qty: 1 }] } });
  await runtime.settle();
  return sent.aggregate_id;
}

test('lists, time-travels and follows a MongoDB store another process writes', async () => {
  const confirmed = await checkout(40);
  const failed = await checkout(9000);
  ui = spawnCli(['inspect', '--ui', CHECKOUT_FLOWS, '--store', url, '--database', database, '--port', '0'], tempFlows({}));
  const base = await ui.waitForOutput(/Inspector: (http:\S+)/, 60_000);
  await ui.waitForOutput(/Indexed every stored instance/, 60_000);
  expect(ui.output()).toContain(`Store:     MongoDB database ${database} (new records show up as they are stored)`);
  const list = await (await fetch(`${base}machines/order`)).text();
  expect(list).toContain(`/inspect/instances/${confirmed}`);
  expect(await (await fetch(`${base}machines/order?state=payment_failed`)).text()).toContain(`/inspect/instances/${failed}`);
  expect(await (await fetch(`${base}instances/${confirmed}/at/1`)).json()).toMatchObject({ state: '#processing', last_seq: 4 });

  const live = await fetch(`${base}events`);
  const reader = (live.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
  expect((await reader.read()).value).toContain('event: hello');
  const later = await checkout(41);
  let text = '';
  while (!text.includes('event: update')) text += (await reader.read()).value ?? '';
  await reader.cancel();
  await expect.poll(async () => (await (await fetch(`${base}machines/order?state=confirmed`)).text()).includes(`/inspect/instances/${later}`), { timeout: 30_000 }).toBe(true);
  expect(await ui.stop()).toBe(0);
  ui = undefined;
}, 180_000);
