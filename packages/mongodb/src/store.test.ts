import { expect, test } from 'vitest';
import { createMongoEventStore } from './index.ts';
import { record } from './test-support/records.ts';

// Port 1: nothing listens, so any I/O would end in STORE_UNAVAILABLE after connectTimeoutMs.
const store = createMongoEventStore({ url: 'mongodb://127.0.0.1:1/', database: 'ef_unit', connectTimeoutMs: 5000 });

test('arguments are checked before any I/O: bad input is refused at once, as a rejection', async () => {
  const started = Date.now();
  const calls: [Promise<unknown>, string][] = [
    [store.read({ $gt: '' } as never), 'INVALID_ID'],
    [store.listAggregates({ after: '$where' }), 'INVALID_ID'],
    [store.listAggregates({ machine: '..' }), 'INVALID_ID'],
    [store.listAggregates({ limit: '3' as never }), 'INVALID_ARGUMENT'],
    [store.findByEventId({ $ne: null } as never), 'INVALID_ID'],
    [store.markDispatched([{ aggregateId: 'order-1', seq: { $gt: 0 } as never }]), 'INVALID_ARGUMENT'],
    [store.append([{ aggregateId: 'order-1', expectedSeq: 0, records: [{ ...record('order-1', 1, 'e1'), event_id: { $gt: '' } as never }] }]), 'INVALID_ID'],
    [store.append([{ aggregateId: 'order-1', expectedSeq: 0, records: [] }]), 'INVALID_APPEND'],
    [store.append([{ aggregateId: 'order-2', expectedSeq: 0, records: [record('order-2', 1, 'e2')] }, { aggregateId: 'order-1', expectedSeq: 0, records: [] }]), 'INVALID_APPEND'],
    [store.saveSnapshot({ aggregate_id: '$x' } as never), 'INVALID_ID'],
    [store.loadSnapshot('order-1', '3' as never), 'INVALID_ARGUMENT'],
  ];
  for (const [call, code] of calls) await expect(call).rejects.toMatchObject({ code });
  expect(Date.now() - started).toBeLessThan(1000);
  await store.close();
});
