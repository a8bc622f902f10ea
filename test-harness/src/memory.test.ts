// The reference adapters run the whole suite: in memory, file-backed (durable, with a probe that
// reads the JSON-lines file directly), and the transport.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { StoredRecord } from '@eventflow/core';
import { createMemoryStore, createMemoryTransport } from '@eventflow/memory';
import { storeConformance, transportConformance, type AdapterContext } from './index.ts';

storeConformance({
  name: 'memory',
  create: () => createMemoryStore(),
  capabilities: { snapshots: true, outbox: true, durable: false },
});

const dir = mkdtempSync(join(tmpdir(), 'eventflow-conformance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fileOf = ({ namespace }: AdapterContext) => join(dir, `${namespace}.jsonl`);

storeConformance({
  name: 'memory (file)',
  create: (context) => createMemoryStore({ file: fileOf(context) }),
  teardown: async (store, context) => {
    await store.close();
    rmSync(fileOf(context), { force: true });
  },
  capabilities: { snapshots: true, outbox: true, durable: true },
  probe: (_store, context) => ({
    records: async (aggregateId) => {
      if (!existsSync(fileOf(context))) return [];
      return readFileSync(fileOf(context), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { kind: string; record?: StoredRecord })
        .flatMap((line) => (line.kind === 'record' && line.record!.aggregate_id === aggregateId ? [line.record!] : []));
    },
  }),
});

transportConformance({
  name: 'memory',
  create: () => createMemoryTransport(),
  capabilities: { groups: true, redelivery: true, restart: true },
  settleMs: 200,
});
