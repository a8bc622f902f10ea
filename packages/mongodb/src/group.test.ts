import { describe, expect, it } from 'vitest';
import { groupBy } from './group.ts';

describe('groupBy', () => {
  it('keeps keys in first-seen order and each group in the items order', () => {
    const marks = [{ seq: 2, id: 'a' }, { seq: 1, id: 'b' }, { seq: 2, id: 'c' }];
    expect([...groupBy(marks, (mark) => mark.seq)]).toEqual([[2, [marks[0], marks[2]]], [1, [marks[1]]]]);
  });

  it('makes each group of what valueOf returns, and groups under an undefined key too', () => {
    const calls = new Map([['a', 'call-1']]);
    const grouped = groupBy(['a', 'b', 'a'], (id) => calls.get(id), (id) => id.toUpperCase());
    expect([...grouped]).toEqual([['call-1', ['A', 'A']], [undefined, ['B']]]);
  });
});
