// The baseline of `http-ingress`: the least an HTTP front of the runtime can be. A Hono app (on
// @hono/node-server, like `eventflow serve`) whose one route hands the JSON body to runtime.send and
// answers with the handler's reply; the checkout app's flows, bindings and memory adapters.
// Prints `{"msg":"started","url":...}` once listening; SIGTERM closes it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { createRuntime, type BindingSet } from '@eventflow/core';
import { createMemoryStore, createMemoryTransport } from '@eventflow/memory';
import { Hono } from 'hono';

const flowsDir = process.argv[2];
if (!flowsDir) throw new Error('usage: http-baseline-server.ts <flows dir>');
const flows = readdirSync(flowsDir)
  .filter((name) => name.endsWith('.flow') && !name.endsWith('.test.flow'))
  .map((name) => ({ name, source: readFileSync(join(flowsDir, name), 'utf8') }));
const bindings = (await import(pathToFileURL(join(flowsDir, 'checkout.bindings.ts')).href)).default as BindingSet[];
const runtime = await createRuntime({ flows, store: createMemoryStore(), transport: createMemoryTransport(), bindings });

const app = new Hono();
app.post('/order/checkout', async (c) => {
  const result = await runtime.send({ event: ':checkout', to: '@order', from: '@customer', data: await c.req.json() });
  return c.json(result.reply?.body ?? { aggregate_id: result.aggregate_id }, (result.reply?.status ?? 200) as 202);
});
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => console.log(JSON.stringify({ msg: 'started', url: `http://127.0.0.1:${info.port}` })));
process.on('SIGTERM', () => server.close(() => void runtime.close().then(() => process.exit(0))));
