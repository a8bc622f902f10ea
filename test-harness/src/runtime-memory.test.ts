// The memory adapters run the runtime suite; they are also the reference other adapters match.
import { createMemoryStore, createMemoryTransport } from '@eventflow/memory';
import { runtimeConformance } from './runtime-conformance.ts';

const memory = {
  store: { create: () => createMemoryStore(), capabilities: { snapshots: true } },
  transport: { create: () => createMemoryTransport() },
};

runtimeConformance({ name: 'memory', ...memory, reference: memory });
