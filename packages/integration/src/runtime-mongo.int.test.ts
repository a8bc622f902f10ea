// The runtime suite with the MongoDB store on a real FerretDB server: with the memory transport,
// and with Kafka (the production pair). Histories must match the memory reference byte for byte.
import { runtimeConformance } from '@eventflow/conformance';
import { createMemoryStore, createMemoryTransport } from '@eventflow/memory';
import { afterAll } from 'vitest';
import { closeMongo, kafkaTransport, mongoSubject } from './servers.ts';

afterAll(closeMongo);

const memory = {
  store: { create: () => createMemoryStore(), capabilities: { snapshots: true } },
  transport: { create: () => createMemoryTransport() },
};
const runs = Number(process.env['EVENTFLOW_INT_RUNS'] ?? 4);

runtimeConformance({ name: 'mongodb store + memory transport', store: mongoSubject, transport: memory.transport, reference: memory, runs, timeoutMs: 240_000 });

runtimeConformance({
  name: 'mongodb store + kafka transport',
  store: mongoSubject,
  transport: { create: ({ namespace }) => kafkaTransport(namespace) },
  reference: memory,
  runs,
  timeoutMs: 240_000,
});
