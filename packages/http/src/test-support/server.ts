// Test support: serves a fetch handler on a free port of 127.0.0.1 (real HTTP through
// @hono/node-server), and the checkout app's flows and bindings on memory adapters.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createRuntime, type BindingSet, type Runtime, type RuntimeOptions } from '@eventflow/core';
import { createMemoryStore, createMemoryTransport } from '@eventflow/memory';

export const CHECKOUT_FLOWS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'apps', 'checkout', 'flows');

export interface Served {
  readonly url: string;
  close(): Promise<void>;
}

export async function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<Served> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** The checkout system's machine files (not the tests), as sources. */
export function checkoutFlows(): { name: string; source: string }[] {
  return readdirSync(CHECKOUT_FLOWS)
    .filter((name) => name.endsWith('.flow') && !name.endsWith('.test.flow'))
    .sort()
    .map((name) => ({ name, source: readFileSync(join(CHECKOUT_FLOWS, name), 'utf8') }));
}

export async function checkoutBindings(): Promise<BindingSet[]> {
  // By URL: the app is not part of this package's sources.
  return (await import(pathToFileURL(join(CHECKOUT_FLOWS, 'checkout.bindings.ts')).href)).default;
}

export async function memoryRuntime(flows: RuntimeOptions['flows'], bindings: readonly BindingSet[] = [], extra: Partial<RuntimeOptions> = {}): Promise<{ runtime: Runtime; store: ReturnType<typeof createMemoryStore> }> {
  const store = createMemoryStore();
  const runtime = await createRuntime({ flows, store, transport: createMemoryTransport(), bindings, ...extra });
  return { runtime, store };
}

/** POSTs JSON; returns status, headers and the parsed body. */
export async function post(url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

export async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, body: await response.json() };
}
