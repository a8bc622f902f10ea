import { expect, test } from 'vitest';
import type { EventStore } from '@eventflow/core';
import { createMongoEventStore } from './index.ts';

// Compile-time contract: when the port changes, this file stops compiling. Nothing connects: the
// store connects on its first operation.
const store = createMongoEventStore({ url: 'mongodb://127.0.0.1:1/', database: 'ef_contract' }) satisfies EventStore;

test('the MongoDB store implements the port, snapshots included', async () => {
  expect(typeof store.saveSnapshot).toBe('function');
  expect(typeof store.loadSnapshot).toBe('function');
  await store.close();
  await expect(async () => store.read('order-1')).rejects.toMatchObject({ code: 'STORE_CLOSED' });
});
