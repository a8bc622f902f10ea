// The runtime suite with the Kafka transport on a real broker (store: memory, the reference).
import { runtimeConformance } from '@eventflow/conformance';
import { createMemoryStore, createMemoryTransport } from '@eventflow/memory';
import { kafkaTransport } from './servers.ts';

const memory = {
  store: { create: () => createMemoryStore(), capabilities: { snapshots: true } },
  transport: { create: () => createMemoryTransport() },
};

runtimeConformance({
  name: 'memory store + kafka transport',
  store: memory.store,
  transport: { create: ({ namespace }) => kafkaTransport(namespace) },
  reference: memory,
  runs: Number(process.env['EVENTFLOW_INT_RUNS'] ?? 4),
  timeoutMs: 240_000,
});
