// Test support: the checkout app (apps/checkout) running on memory adapters with an inspector
// attached the way `eventflow serve` attaches it (the runtime's observe hook, runtimeSource), and
// helpers to send checkouts and fetch the inspector's pages in process.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRuntime, type BindingSet, type Runtime } from '@eventflow/core';
import { Window, type Document } from 'happy-dom';
import { createMemoryStore, createMemoryTransport, type MemoryStore } from '@eventflow/memory';
import { createInspector, type Inspector } from '../inspector.ts';
import { runtimeSource } from '../source.ts';

export const CHECKOUT_FLOWS = join(dirname(fileURLToPath(import.meta.url)), '../../../../apps/checkout/flows');

export interface Checkout {
  readonly runtime: Runtime;
  readonly store: MemoryStore;
  readonly inspector: Inspector;
  /** Sends a :checkout and waits until every reply was handled; the order's id. */
  order(total: number, items?: readonly { sku: string; qty?: number }[]): Promise<string>;
  /** GET a path under the inspector (`/machines/order`): status and text. */
  get(path: string): Promise<{ status: number; text: string; type: string }>;
  close(): Promise<void>;
}

export function checkoutSources(): { name: string; source: string }[] {
  return readdirSync(CHECKOUT_FLOWS)
    .filter((name) => name.endsWith('.flow') && !name.endsWith('.test.flow'))
    .sort()
    .map((name) => ({ name, source: readFileSync(join(CHECKOUT_FLOWS, name), 'utf8') }));
}

export async function startCheckout(store: MemoryStore = createMemoryStore()): Promise<Checkout> {
  const bindings = (await import(pathToFileURL(join(CHECKOUT_FLOWS, 'checkout.bindings.ts')).href)).default as BindingSet[];
  const inspector = createInspector();
  const runtime = await createRuntime({ flows: checkoutSources(), store, transport: createMemoryTransport(), bindings, observe: (record) => inspector.observe(record) });
  inspector.attach(runtimeSource(runtime, store));
  await inspector.ready();
  return {
    runtime,
    store,
    inspector,
    order: async (total, items = [{ sku: 'book', qty: 1 }]) => {
      const sent = await runtime.send({ event: ':checkout', to: '@order', data: { total, items } });
      await runtime.settle();
      return sent.aggregate_id;
    },
    get: async (path) => {
      const response = await inspector.fetch(new Request(`http://inspector.test${path}`));
      return { status: response.status, text: await response.text(), type: response.headers.get('content-type') ?? '' };
    },
    close: async () => {
      inspector.close();
      await runtime.close();
    },
  };
}

const window = new Window();

/** Parses a page, to read what it shows rather than match its markup. */
export function html(text: string): Document {
  return new window.DOMParser().parseFromString(text, 'text/html');
}
