// Each test (and each property run) gets a fresh adapter in a fresh namespace, and gets rid of it.
import type { EventStore, Transport } from '@eventflow/core';
import type { AdapterContext, StoreSubject, TransportSubject } from './options.ts';

const runTag = Math.random().toString(36).slice(2, 8);
let counter = 0;

export function newContext(kind: string): AdapterContext {
  counter += 1;
  return { namespace: `conformance_${kind}_${runTag}_${counter}` };
}

export async function withStore<T>(
  subject: StoreSubject,
  body: (store: EventStore, context: AdapterContext) => Promise<T>,
): Promise<T> {
  const context = newContext('store');
  const store = await subject.create(context);
  return settle(body(store, context), () => (subject.teardown ? subject.teardown(store, context) : store.close()));
}

export async function withTransport<T>(
  subject: TransportSubject,
  body: (transport: Transport, context: AdapterContext) => Promise<T>,
): Promise<T> {
  const context = newContext('transport');
  const transport = await subject.create(context);
  return settle(body(transport, context), () =>
    subject.teardown ? subject.teardown(transport, context) : transport.close(),
  );
}

/** Runs the cleanup whatever happened; a cleanup failure never hides the body's own failure. */
async function settle<T>(body: Promise<T>, cleanup: () => Promise<void>): Promise<T> {
  let result: T;
  try {
    result = await body;
  } catch (error) {
    await cleanup().catch(() => undefined);
    throw error;
  }
  await cleanup();
  return result;
}
