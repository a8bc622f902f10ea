// Serves the checkout app under Deno 2 with Deno.serve: @eventflow/http's fetch handler, core and
// the memory adapters, all from their TypeScript sources (deno run --conditions=source). Prints one JSON line once listening;
// SIGTERM drains (no new events, in-flight replies finish) and exits 0.
import { createRuntime, type BindingSet } from '@eventflow/core';
import { createHttpApp } from '@eventflow/http';
import { createMemoryStore, createMemoryTransport } from '@eventflow/memory';

const flowsDir = new URL('../../../apps/checkout/flows/', import.meta.url);
const flows = [...Deno.readDirSync(flowsDir)]
  .filter((entry) => entry.name.endsWith('.flow') && !entry.name.endsWith('.test.flow'))
  .map((entry) => ({ name: entry.name, source: Deno.readTextFileSync(new URL(entry.name, flowsDir)) }));
const bindings = (await import(new URL('checkout.bindings.ts', flowsDir).href)).default as BindingSet[];

const runtime = await createRuntime({ flows, store: createMemoryStore(), transport: createMemoryTransport(), bindings });
const app = createHttpApp(runtime, { bindings });
const server = Deno.serve(
  { hostname: '127.0.0.1', port: 0, onListen: ({ port }) => console.log(JSON.stringify({ listening: port, runtime: 'deno', version: Deno.version.deno })) },
  app.fetch,
);
Deno.addSignalListener('SIGTERM', async () => {
  app.drain();
  await server.shutdown();
  await app.idle();
  await runtime.close();
  Deno.exit(0);
});
