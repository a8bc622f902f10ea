// Plain-data helpers: copies, paths, exact-size lists.
import { describe, expect, it } from 'vitest';
import { copyData, movedLast, setPath, splitPath, withLast } from './values.ts';

describe('setPath', () => {
  it('copies along the path and shares untouched branches', () => {
    const root = { a: { b: 1, keep: { x: 1 } }, other: { y: 2 } };
    const next = setPath(root, splitPath('a.b'), 2);
    expect(next).toEqual({ a: { b: 2, keep: { x: 1 } }, other: { y: 2 } });
    expect(root.a.b).toBe(1);
    expect(next['other']).toBe(root.other);
    expect((next['a'] as typeof root.a).keep).toBe(root.a.keep);
    expect(setPath({ n: 1 }, splitPath('m.k'), 3)).toEqual({ n: 1, m: { k: 3 } });
  });

  it('a __proto__ key stays data: no prototype is replaced', () => {
    for (const path of ['__proto__', 'a.__proto__']) {
      const next = setPath({ a: {} }, splitPath(path), { polluted: true });
      expect(Object.getPrototypeOf(next)).toBe(Object.prototype);
      expect(Object.getPrototypeOf(next['a'])).toBe(Object.prototype);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    }
    const parsed = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const copy = copyData(parsed);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__']);
  });
});

describe('withLast and movedLast', () => {
  it('withLast returns a new list with the item last and leaves the input alone', () => {
    const list = Object.freeze(['a', 'b']);
    expect(withLast(list, 'c')).toEqual(['a', 'b', 'c']);
    expect(withLast([], 'x')).toEqual(['x']);
    expect(list).toEqual(['a', 'b']);
    // An array item is kept as one item (concat would flatten it).
    expect(withLast<unknown>([1], [2, 3])).toEqual([1, [2, 3]]);
  });

  it('withLast with a bound drops the oldest items so that at most that many remain', () => {
    expect(withLast(['a', 'b', 'c'], 'd', 3)).toEqual(['b', 'c', 'd']);
    expect(withLast(['a', 'b', 'c'], 'd', 2)).toEqual(['c', 'd']);
    expect(withLast(['a'], 'b', 3)).toEqual(['a', 'b']);
    expect(withLast([], 'x', 1)).toEqual(['x']);
  });

  it('movedLast takes out exactly the item at the index and puts the new one last', () => {
    const list = Object.freeze(['a', 'b', 'c']);
    expect(movedLast(list, 0, 'x')).toEqual(['b', 'c', 'x']);
    expect(movedLast(list, 1, 'x')).toEqual(['a', 'c', 'x']);
    expect(movedLast(list, 2, 'x')).toEqual(['a', 'b', 'x']);
    expect(movedLast(['only'], 0, 'x')).toEqual(['x']);
    expect(list).toEqual(['a', 'b', 'c']);
  });
});
