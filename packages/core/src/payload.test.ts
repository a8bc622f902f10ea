// The payload boundary: what acceptPayload and checkPayload let in, refuse (naming the field and why) and copy.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { acceptPayload, checkPayload, isPayloadError, PayloadError } from './payload.ts';

/** FC_SEED / FC_PATH replay a failure that fast-check reported (it prints both). */
const replay: fc.Parameters<unknown> = process.env['FC_SEED'] ? { seed: Number(process.env['FC_SEED']), ...(process.env['FC_PATH'] ? { path: process.env['FC_PATH'] } : {}) } : {};

function refusal(data: unknown, limits?: Parameters<typeof acceptPayload>[1]): string {
  try {
    acceptPayload(data, limits);
  } catch (error) {
    expect(isPayloadError(error)).toBe(true);
    expect(error).toBeInstanceOf(PayloadError);
    return (error as PayloadError).message;
  }
  throw new Error('accepted');
}

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < depth; i++) value = { a: value };
  return value;
}

const cyclic: Record<string, unknown> = { name: 'x', child: { list: [1] } };
(cyclic['child'] as Record<string, unknown>)['back'] = cyclic;
const selfArray: unknown[] = [1];
selfArray.push(selfArray);

class Money {
  readonly cents = 5;
}

const REFUSED: readonly (readonly [string, unknown, string])[] = [
  ['null data', null, 'data: null is not an object (send an object, or no data at all)'],
  ['an array as data', [1, 2], 'data: an array is not an object (send an object, or no data at all)'],
  ['a string as data', 'text', 'data: a string is not an object (send an object, or no data at all)'],
  ['a number as data', 7, 'data: a number is not an object (send an object, or no data at all)'],
  ['a Map as data', new Map([['a', 1]]), 'data: a Map is not JSON data (send an object)'],
  ['NaN in a list', { items: [{}, {}, {}, { price: Number.NaN }] }, 'data.items[3].price: NaN is not a JSON number'],
  ['Infinity', { total: Number.POSITIVE_INFINITY }, 'data.total: Infinity is not a JSON number'],
  ['-Infinity', { total: Number.NEGATIVE_INFINITY }, 'data.total: -Infinity is not a JSON number'],
  ['a BigInt', { id: 10n }, 'data.id: a BigInt is not a JSON number (send it as a string or a number)'],
  ['a Map', { index: new Map() }, 'data.index: a Map is not JSON data (send an object)'],
  ['a Set', { tags: new Set(['a']) }, 'data.tags: a Set is not JSON data (send an array)'],
  ['a WeakMap', { w: new WeakMap() }, 'data.w: a WeakMap is not JSON data (send its fields as a plain object)'],
  ['a Date', { when: new Date(0) }, 'data.when: a Date is not JSON data (send its toISOString())'],
  ['a RegExp', { pattern: /x/ }, 'data.pattern: a RegExp is not JSON data (send its fields as a plain object)'],
  ['an Error', { failure: new Error('x') }, 'data.failure: an Error is not JSON data (send its fields as a plain object)'],
  ['a class instance', { price: new Money() }, 'data.price: a Money is not JSON data (send its fields as a plain object)'],
  ['a boxed string', { s: new String('x') }, 'data.s: a String is not JSON data (send its fields as a plain object)'],
  ['a Promise', { later: Promise.resolve(1) }, 'data.later: a Promise is not JSON data (send its fields as a plain object)'],
  ['a function', { callback: () => 1 }, 'data.callback: a function is not JSON data'],
  ['a symbol', { s: Symbol('x') }, 'data.s: a symbol is not JSON data'],
  ['a Uint8Array', { bytes: new Uint8Array(1024 * 1024) }, 'data.bytes: a Uint8Array is not JSON data (send an array of numbers or a base64 string)'],
  ['a Float64Array', { f: new Float64Array(2) }, 'data.f: a Float64Array is not JSON data (send an array of numbers or a base64 string)'],
  ['a DataView', { v: new DataView(new ArrayBuffer(2)) }, 'data.v: a DataView is not JSON data (send an array of numbers or a base64 string)'],
  ['an ArrayBuffer', { b: new ArrayBuffer(8) }, 'data.b: an ArrayBuffer is not JSON data (send an array of numbers or a base64 string)'],
  ['a Buffer', { b: Buffer.from('hi') }, 'data.b: a Buffer is not JSON data (send an array of numbers or a base64 string)'],
  ['undefined in an array', { list: [1, undefined] }, 'data.list[1]: undefined is not a JSON value (send null, or leave the field out)'],
  ['a hole in an array', { list: [1, , 3] }, 'data.list[1]: undefined is not a JSON value (send null, or leave the field out)'],
  ['a cycle through an object', cyclic, 'data.child.back: refers back to data (a cycle)'],
  ['a cycle through an array', { list: selfArray }, 'data.list[1]: refers back to data.list (a cycle)'],
  ['nesting 65 deep', nested(65), 'data: nesting deeper than 64'],
  ['nesting 10,000 deep', nested(10_000), 'data: nesting deeper than 64'],
  ['arrays nested 10,000 deep', { a: JSON.parse(`${'['.repeat(10_000)}${']'.repeat(10_000)}`) }, 'data: nesting deeper than 64'],
  ['a string of 2 MiB', { note: 'x'.repeat(2 * 1024 * 1024) }, 'data: larger than 1,048,576 characters as JSON'],
  ['a million small fields', Object.fromEntries(Array.from({ length: 1_000_000 }, (_, i) => [`k${i}`, i])), 'data: larger than 1,048,576 characters as JSON'],
  ['an array of length 2^31', { list: new Array(2 ** 31) }, 'data: larger than 1,048,576 characters as JSON'],
  ['a shared value repeated into 2^40 copies', { bomb: Array.from({ length: 40 }).reduce<unknown>((inner) => [inner, inner], 1) }, 'data: larger than 1,048,576 characters as JSON'],
  ['a key needing quotes', { 'a b': { 'c-d': Number.NaN } }, 'data["a b"]["c-d"]: NaN is not a JSON number'],
];

describe('payloads that are not plain JSON data are refused, naming the field and why', () => {
  test.each(REFUSED)('%s', (_name, data, message) => {
    expect(refusal(data)).toBe(message);
  });

  test('a __proto__ key is data, not a prototype, and its value is checked like any other', () => {
    const data = JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    (data['__proto__'] as Record<string, unknown>)['when'] = new Date(0);
    expect(refusal(data)).toBe('data.__proto__.when: a Date is not JSON data (send its toISOString())');
  });

  test('limits are options: a smaller depth or size, and the path name', () => {
    expect(refusal(nested(4), { maxDepth: 3 })).toBe('data: nesting deeper than 3');
    expect(() => acceptPayload(nested(3), { maxDepth: 3 })).not.toThrow();
    expect(refusal({ s: 'x'.repeat(100) }, { maxSize: 50 })).toBe('data: larger than 50 characters as JSON');
    expect(() => checkPayload({ bad: Number.NaN }, undefined, 'record 3 data')).toThrow('record 3 data.bad: NaN is not a JSON number');
  });

  test('the error is an EventFlowError with code INVALID_PAYLOAD, the path, the reason and a hint', () => {
    const error = (() => {
      try {
        acceptPayload({ a: [Number.NaN] });
      } catch (caught) {
        return caught as PayloadError;
      }
    })();
    expect(error).toMatchObject({ name: 'EventFlowError', code: 'INVALID_PAYLOAD', path: 'data.a[0]', reason: 'NaN is not a JSON number' });
    expect(error?.hint).toMatch(/plain JSON/);
  });
});

describe('plain JSON data is accepted as a fresh copy that JSON would round-trip unchanged', () => {
  test.each([
    ['no data', undefined, {}],
    ['an empty object', {}, {}],
    ['every JSON kind', { s: 'é✓😀', n: -1.5e-7, big: 2 ** 53, huge: 1e21, t: true, f: false, z: null, list: [[], {}], o: { '': 1 } }, null],
    ['a null-prototype object', Object.assign(Object.create(null) as object, { a: 1 }), { a: 1 }],
    ['undefined fields are left out, as JSON leaves them out', { a: 1, b: undefined }, { a: 1 }],
    ['-0 becomes 0, as JSON writes it', { n: -0, list: [-0] }, { n: 0, list: [0] }],
    ['a lone surrogate', { s: '\ud800x' }, null],
    ['nesting exactly 64 deep', nested(64), null],
    ['a 1 MiB payload just inside the limit', { s: 'x'.repeat(1_048_576 - 14) }, null],
    ['the same object twice (not a cycle)', (() => { const shared = { x: 1 }; return { a: shared, b: shared }; })(), { a: { x: 1 }, b: { x: 1 } }],
  ] as const)('%s', (_name, data, expected) => {
    const accepted = acceptPayload(data);
    expect(accepted).toStrictEqual(expected ?? JSON.parse(JSON.stringify(data)));
    expect(JSON.parse(JSON.stringify(accepted))).toStrictEqual(accepted);
    if (data !== undefined && typeof data === 'object' && Object.keys(data).length > 0) expect(accepted).not.toBe(data);
  });

  test('the copy shares nothing with the caller', () => {
    const data = { items: [{ sku: 'a' }] };
    const accepted = acceptPayload(data);
    data.items[0]!.sku = 'changed';
    expect(accepted).toEqual({ items: [{ sku: 'a' }] });
  });

  test('property: any JSON object is accepted, and equals its own JSON round trip', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue({ maxDepth: 6 })), (data) => {
        const accepted = acceptPayload(data);
        expect(JSON.parse(JSON.stringify(accepted))).toStrictEqual(accepted);
        expect(accepted).toEqual(JSON.parse(JSON.stringify(data)));
      }),
      { numRuns: 300, ...replay },
    );
  });

  test('property: one non-JSON value anywhere in a JSON object is refused with its path', () => {
    const poison = fc.constantFrom<[unknown, string]>(
      [Number.NaN, 'NaN is not a JSON number'],
      [1n, 'a BigInt is not a JSON number (send it as a string or a number)'],
      [new Date(0), 'a Date is not JSON data (send its toISOString())'],
      [new Map(), 'a Map is not JSON data (send an object)'],
      [() => 0, 'a function is not JSON data'],
    );
    const tree = fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 3 }), { minKeys: 1 });
    fc.assert(
      fc.property(tree, fc.array(fc.nat()), poison, (data, choices, [bad, reason]) => {
        const { path, holder, key } = plant(data, choices);
        holder[key] = bad;
        expect(refusal(data)).toBe(`${path}: ${reason}`);
      }),
      { numRuns: 300, ...replay },
    );
  });
});

/** Walks down `data` following `choices` and returns a place to put a value, with its path. */
function plant(data: Record<string, unknown>, choices: readonly number[]): { path: string; holder: Record<string | number, unknown>; key: string | number } {
  let holder = data as Record<string | number, unknown>;
  let path = 'data';
  for (const choice of choices) {
    const keys = Array.isArray(holder) ? holder.map((_, i) => i) : Object.keys(holder);
    if (keys.length === 0) break;
    const key = keys[choice % keys.length] as string | number;
    const next = holder[key];
    const step = typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
    if (next === null || typeof next !== 'object') return { path: path + step, holder, key };
    holder = next as Record<string | number, unknown>;
    path += step;
  }
  const keys = Array.isArray(holder) ? holder.map((_, i) => i) : Object.keys(holder);
  const key = keys[0] ?? (Array.isArray(holder) ? 0 : 'k');
  return { path: path + (typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`), holder, key };
}
