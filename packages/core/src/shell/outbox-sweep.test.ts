// The periodic outbox sweep: what stayed undispatched across two sweeps is re-sent, and on a slow
// store sweeps never overlap.
import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../record.ts';
import { loggingStore } from '../test-support/ports.ts';
import { OutboxSweep } from './outbox-sweep.ts';

const record = (seq: number): StoredRecord => ({ aggregate_id: 'a', seq }) as StoredRecord;

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in 10 s');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('the outbox sweep', () => {
  it('re-sends only what stayed undispatched across two sweeps', async () => {
    const store = loggingStore();
    let waiting = [record(1)];
    store.undispatched = async () => waiting;
    const resent: number[][] = [];
    const sweep = new OutboxSweep(store, async (records) => void resent.push(records.map((r) => r.seq)));
    sweep.every(1, (error) => resent.push([-1, Number(error)]));
    await until(() => resent.length > 0);
    expect(resent[0]).toEqual([1]);
    waiting = [record(2)];
    const after = resent.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(resent.slice(after).flat().filter((seq) => seq !== 2)).toEqual([]);
    sweep.stop();
  });

  it('on a slow store, a sweep starts only after the previous one ended', async () => {
    const store = loggingStore();
    let running = 0;
    let most = 0;
    let sweeps = 0;
    store.undispatched = async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      sweeps++;
      return [record(1)];
    };
    const sweep = new OutboxSweep(store, async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    sweep.every(1, () => {});
    await until(() => sweeps >= 5);
    sweep.stop();
    expect(most).toBe(1);
  });
});
