import { describe, expect, it } from 'vitest';
import { RecentSet } from './recent-set.ts';

describe('RecentSet', () => {
  it('holds at most its capacity and always the most recently added half', () => {
    for (const capacity of [1, 2, 5, 100]) {
      const set = new RecentSet<number>(capacity);
      for (let i = 0; i < 1000; i++) {
        set.add(i);
        expect(set.size).toBeLessThanOrEqual(capacity);
        for (let back = 0; back < Math.ceil(capacity / 2) && back <= i; back++) expect(set.some(capacity)).toContain(i - back);
      }
      expect(set.delete(0)).toBe(false);
    }
  });

  it('delete reports whether the value was held, in either generation, and forgets it', () => {
    const set = new RecentSet<string>(4);
    set.add('a');
    set.add('b'); // rotation: a, b are the older generation
    set.add('c');
    expect(set.some(10)).toEqual(['a', 'b', 'c']);
    expect(set.delete('a')).toBe(true);
    expect(set.delete('c')).toBe(true);
    expect(set.delete('a')).toBe(false);
    expect(set.size).toBe(1);
    set.add('b'); // held in both generations: one delete forgets it
    expect(set.delete('b')).toBe(true);
    expect(set.size).toBe(0);
  });
});
