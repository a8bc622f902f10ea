import { expect, test } from 'vitest';
import type { EventStore, Transport } from '@eventflow/core';
import { createMemoryStore, createMemoryTransport } from './index.ts';

// Compile-time contract: when a port changes, this file stops compiling.
const store = createMemoryStore() satisfies EventStore;
const transport = createMemoryTransport() satisfies Transport;

test('the memory adapters implement the ports', async () => {
  expect(typeof store.saveSnapshot).toBe('function');
  await store.close();
  await transport.close();
});
