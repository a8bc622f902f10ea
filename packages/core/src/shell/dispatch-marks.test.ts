// Dispatched marks are written off the batch's path, coalesced while a write is in flight, and
// waited for by settle() and close().
import { describe, expect, it } from 'vitest';
import type { RecordRef } from '../ports.ts';
import { loggingStore } from '../test-support/ports.ts';
import { DispatchMarks } from './dispatch-marks.ts';

/** A store whose markDispatched calls wait until the test lets them finish. */
function slowStore() {
  const store = loggingStore();
  const calls: RecordRef[][] = [];
  const gates: (() => void)[] = [];
  let failNext = false;
  store.markDispatched = (records) => {
    calls.push([...records]);
    return new Promise<void>((resolve, reject) => gates.push(() => (failNext ? ((failNext = false), reject(new Error('store down'))) : resolve())));
  };
  const until = async (condition: () => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('condition not met in 10 s');
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  };
  return { store, calls, open: () => gates.shift()?.(), failNext: () => void (failNext = true), until };
}

const ref = (seq: number): RecordRef => ({ aggregateId: 'a', seq });

describe('dispatched marks', () => {
  it('added while one is being written go together in the next write', async () => {
    const slow = slowStore();
    let drained = 0;
    const marks = new DispatchMarks(slow.store, () => {}, () => drained++);
    marks.add([ref(1)]);
    marks.add([ref(2)]);
    marks.add([ref(3), ref(4)]);
    expect(slow.calls).toEqual([[ref(1)]]);
    expect(marks.busy).toBe(true);
    slow.open();
    await slow.until(() => slow.calls.length === 2);
    expect(slow.calls[1]).toEqual([ref(2), ref(3), ref(4)]);
    expect(drained).toBe(0);
    slow.open();
    await marks.drained();
    expect(marks.busy).toBe(false);
    expect(drained).toBe(1);
  });

  it('a failed write is reported and the next marks are still written', async () => {
    const slow = slowStore();
    const errors: unknown[] = [];
    const marks = new DispatchMarks(slow.store, (error) => errors.push(error), () => {});
    marks.add([ref(1)]);
    marks.add([ref(2)]);
    slow.failNext();
    slow.open();
    await slow.until(() => slow.calls.length === 2);
    slow.open();
    await marks.drained();
    expect(errors.map(String)).toEqual(['Error: store down']);
    expect(slow.calls).toEqual([[ref(1)], [ref(2)]]);
  });

  it('nothing to mark writes nothing', async () => {
    const slow = slowStore();
    const marks = new DispatchMarks(slow.store, () => {}, () => {});
    marks.add([]);
    expect(marks.busy).toBe(false);
    await marks.drained();
    expect(slow.calls).toEqual([]);
  });
});
