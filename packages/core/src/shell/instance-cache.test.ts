// The instance cache: at most `limit` instances, and the ones stored or read recently stay.
import { describe, expect, it } from 'vitest';
import { InstanceCache } from './instance-cache.ts';

describe('InstanceCache', () => {
  it('holds at most its limit, exactly, and the instances added last', () => {
    for (const limit of [1, 2, 3, 10, 101]) {
      const cache = new InstanceCache<number>(limit);
      for (let i = 0; i < 500; i++) {
        cache.set(`order-${i}`, i);
        expect(cache.size).toBe(Math.min(i + 1, limit));
      }
      // Nothing was used in between: exactly the last `limit` added are held.
      for (let i = 0; i < 500; i++) expect(cache.has(`order-${i}`), `order-${i} with limit ${limit}`).toBe(i >= 500 - limit);
    }
  });

  it('an instance stored again (each event it handles) stays while the others leave', () => {
    const cache = new InstanceCache<number>(10);
    for (let i = 0; i < 1000; i++) {
      cache.set('hot', i);
      cache.set(`cold-${i}`, i);
      expect(cache.get('hot')).toBe(i);
      expect(cache.size).toBeLessThanOrEqual(10);
    }
    expect(cache.has('cold-0')).toBe(false);
  });

  it('an instance read while it is among the older ones is kept', () => {
    const cache = new InstanceCache<number>(4);
    for (const id of ['a', 'b', 'c', 'd']) cache.set(id, 1);
    cache.set('e', 1); // a leaves; b, c, d are the older generation now
    expect(cache.get('b')).toBe(1);
    cache.set('f', 1); // c leaves, not b
    expect(['a', 'b', 'c', 'd', 'e', 'f'].filter((id) => cache.has(id))).toEqual(['b', 'd', 'e', 'f']);
  });

  it('add (a new id) holds it like set, within the limit', () => {
    const cache = new InstanceCache<number>(2);
    for (const id of ['a', 'b', 'c']) cache.add(id, 1);
    expect([cache.has('a'), cache.has('b'), cache.has('c'), cache.size]).toEqual([false, true, true, 2]);
    expect(new InstanceCache<number>(0).size).toBe(0);
  });

  it('set replaces, delete forgets, limit 0 keeps nothing', () => {
    const cache = new InstanceCache<number>(3);
    cache.set('a', 1);
    cache.set('a', 2);
    expect([cache.get('a'), cache.size]).toEqual([2, 1]);
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
    const off = new InstanceCache<number>(0);
    off.set('a', 1);
    expect([off.get('a'), off.size]).toEqual([undefined, 0]);
  });
});
