import { expect, test } from 'vitest';
import { decodeCommit, encodeCommit, outboxSeqs } from './codec.ts';
import { batch, record } from './test-support/records.ts';
import { checkBound, checkId, checkSeq } from './validate.ts';

test('ids: plain strings only', () => {
  for (const ok of ['order-1', 'a.b', 'a:1', 'x$', '.a', 'über']) expect(checkId('aggregateId', ok)).toBe(ok);
  const cases: [unknown, string][] = [
    [{ $gt: '' }, 'Invalid aggregateId: must be a string, not object (got {"$gt":""})'],
    ['$where', 'Invalid aggregateId: must not start with "$" (got "$where")'],
    ['', 'Invalid aggregateId: must not be empty (got "")'],
    ['..', 'Invalid aggregateId: must not consist of dots only (got "..")'],
    [null, 'Invalid aggregateId: must be a string, not null (got null)'],
    [undefined, 'Invalid aggregateId: must be a string, not undefined (got undefined)'],
    ['a\u0000b', 'Invalid aggregateId: must not contain NUL characters (got "a\\u0000b")'],
  ];
  for (const [value, message] of cases) {
    expect(() => checkId('aggregateId', value)).toThrow(expect.objectContaining({ code: 'INVALID_ID', message }));
  }
});

test('seqs and bounds: numbers only', () => {
  expect(checkSeq('seq', 3)).toBe(3);
  for (const bad of [-1, 1.5, '1', { $gt: 0 }, Number.NaN]) {
    expect(() => checkSeq('seq', bad)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  }
  expect(checkBound('toSeq', undefined, 7)).toBe(7);
  expect(checkBound('toSeq', Number.POSITIVE_INFINITY, 7)).toBe(Number.POSITIVE_INFINITY);
  expect(() => checkBound('toSeq', { $lt: 1 }, 7)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
});

test('a commit encodes bodies as JSON text and decodes to equal records', () => {
  const records = [record('order-1', 4, 'e9', { emits: 1, data: JSON.parse('{"$set":{"a.b":1},"__proto__":{"x":1}}') }), ...batch('order-1', 4, ['e2'])];
  const commit = encodeCommit(records, new Date(5), 5000);
  expect(commit).toMatchObject({ _id: 'order-1:4', first_seq: 4, last_seq: 5, event_ids: ['e2', 'e9'] });
  expect(outboxSeqs(records)).toEqual([4]);
  expect(commit.records.every((entry) => typeof entry.body === 'string')).toBe(true);
  expect(decodeCommit(commit)).toEqual(records);
  expect(decodeCommit(commit, (seq) => seq === 5)).toEqual([records[1]]);
  expect(() => decodeCommit({ ...commit, records: [{ seq: 4, event_id: 'e9', body: '{' }] })).toThrow(
    expect.objectContaining({ code: 'CORRUPT_DOCUMENT' }),
  );
});
