import { describe, expect, it } from 'vitest';
import { InstanceCache } from './instance-cache.ts';
import { initialSnapshot } from './replay.ts';

const snap = (id: string, seq = 0) => ({ ...initialSnapshot('@order', id), seq });

describe('InstanceCache', () => {
  it('holds at most the capacity, and always the most recently used half of it', () => {
    for (const capacity of [1, 2, 3, 100, 101]) {
      const cache = new InstanceCache(capacity);
      for (let i = 0; i < 1000; i++) {
        cache.set(snap(`order-${i}`));
        expect(cache.size).toBeLessThanOrEqual(capacity);
        for (let back = 0; back < Math.ceil(capacity / 2) && back <= i; back++) {
          expect(cache.get(`order-${i - back}`)?.aggregate_id).toBe(`order-${i - back}`);
        }
      }
      expect(cache.get('order-0')).toBeUndefined();
    }
  });

  it('a read keeps an instance: touched entries survive eviction of untouched ones', () => {
    const cache = new InstanceCache(10);
    cache.set(snap('hot'));
    for (let i = 0; i < 100; i++) {
      cache.set(snap(`cold-${i}`));
      expect(cache.get('hot')).toBeDefined();
    }
    expect(cache.get('cold-0')).toBeUndefined();
  });

  it('set replaces the cached snapshot, delete forgets it, capacity 0 keeps nothing', () => {
    const cache = new InstanceCache(4);
    cache.set(snap('a', 1));
    for (let i = 0; i < 4; i++) cache.set(snap(`x-${i}`)); // 'a' moves to the older generation
    cache.set(snap('a', 2));
    expect(cache.get('a')?.seq).toBe(2);
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
    const off = new InstanceCache(0);
    off.set(snap('a'));
    expect(off.get('a')).toBeUndefined();
    expect(off.size).toBe(0);
  });

  it('an instance read twice in a row stays the most recently used, and its newest snapshot is returned', () => {
    const cache = new InstanceCache(3);
    cache.set(snap('hot', 1));
    cache.set(snap('b'));
    cache.set(snap('c')); // rotated at 'b' (generations of 2): 'hot' is in the older generation now
    expect(cache.get('hot')?.seq).toBe(1);
    expect(cache.get('hot')?.seq).toBe(1);
    for (let i = 0; i < 5; i++) cache.set(snap(`x-${i}`)); // two more rotations
    expect(cache.get('hot')).toBeUndefined();
    cache.set(snap('hot', 2));
    expect(cache.get('hot')?.seq).toBe(2);
    cache.set(snap('hot', 3));
    expect(cache.get('hot')?.seq).toBe(3);
    cache.delete('hot');
    expect(cache.get('hot')).toBeUndefined();
  });
});
