// The README's one-file example for adapter authors, run against the packed packages.
import { runtimeConformance, storeConformance, transportConformance } from '@eventflow/conformance';
import { createMemoryStore, createMemoryTransport } from '@eventflow/memory';

storeConformance({ name: 'memory', create: () => createMemoryStore() });
transportConformance({ name: 'memory', create: () => createMemoryTransport() });
runtimeConformance({ name: 'memory', store: { create: () => createMemoryStore() }, transport: { create: () => createMemoryTransport() } });
