// The per-instance lock: one holder at a time, waiters served in order.
import { describe, expect, it } from 'vitest';
import { KeyedMutex } from './locks.ts';

describe('KeyedMutex', () => {
  it('a free key is taken without waiting; later callers get it in order, one at a time', async () => {
    const mutex = new KeyedMutex();
    expect(mutex.acquire('a')).toBeUndefined();
    const order: number[] = [];
    const waiters = [1, 2, 3].map((n) =>
      (mutex.acquire('a') as Promise<void>).then(() => {
        order.push(n);
        mutex.release('a');
      }),
    );
    expect(mutex.acquire('b')).toBeUndefined(); // other keys are independent
    await Promise.resolve();
    expect(order).toEqual([]);
    mutex.release('a');
    await Promise.all(waiters);
    expect(order).toEqual([1, 2, 3]);
    expect(mutex.acquire('a')).toBeUndefined(); // free again
  });

  it('work between acquire and release never overlaps on one key, even when work fails', async () => {
    const mutex = new KeyedMutex();
    let running = 0;
    let most = 0;
    const work = async (fail: boolean) => {
      await mutex.acquire('k');
      try {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 1));
        running--;
        if (fail) throw new Error('boom');
        return 'ok';
      } finally {
        mutex.release('k');
      }
    };
    const results = await Promise.allSettled([0, 1, 2, 3].map((i) => work(i % 2 === 1)));
    expect(most).toBe(1);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
  });
});
