import { systemClock, type Clock } from '@eventflow/core';
import type { Collection } from 'mongodb';
import { expect, test } from 'vitest';
import type { OutboxDocument, RecordsDocument } from './codec.ts';
import { prepareCommit, stamp, type AppendTarget } from './commit.ts';
import { batch } from './test-support/records.ts';

const target = (perElement: boolean, clock: Clock = systemClock): AppendTarget => ({
  records: undefined as unknown as Collection<RecordsDocument>,
  outbox: undefined as unknown as Collection<OutboxDocument>,
  call: 'w.1',
  clock,
  knownLastSeq: () => undefined,
  perElement,
});

test('a multi-record commit is preceded by one claim per event id only where the index compares whole arrays', () => {
  const commit = prepareCommit('order-1', 2, batch('order-1', 2, ['e9', 'e3']));
  const wholeArrays = stamp(target(false, { now: () => 1_700_000_000_000 }), commit);
  expect(wholeArrays.documents.slice(0, -1)).toEqual(
    ['e3', 'e9'].map((id) => ({ _id: `$event:${id}`, event_ids: [id], claim_for: 'order-1:3', claimed_by: wholeArrays.commit.position, claimed_at: wholeArrays.commit.created_at })),
  );
  expect(wholeArrays.documents.at(-1)).toBe(wholeArrays.commit);
  expect(wholeArrays.commit).toMatchObject({ _id: 'order-1:3', event_ids: ['e3', 'e9'], created_at: new Date(1_700_000_000_000) });
  expect(stamp(target(true), commit).documents).toHaveLength(1);
  expect(stamp(target(false), prepareCommit('order-1', 0, batch('order-1', 0, ['e1']))).documents).toHaveLength(1);
});

test('ids already claimed for this very commit slot are not claimed again', () => {
  const commit = prepareCommit('order-1', 0, batch('order-1', 0, ['e1', 'e2', 'e3']));
  expect(stamp(target(false), commit, new Set(['e2'])).documents.map((d) => d._id)).toEqual(['$event:e1', '$event:e3', 'order-1:1']);
});

test('every stamp of a commit gets a new position, so its claims are told apart from an earlier attempt', () => {
  const commit = prepareCommit('order-1', 0, batch('order-1', 0, ['e1', 'e2']));
  const [first, second] = [stamp(target(false), commit), stamp(target(false), commit)];
  expect(second!.commit.position).toBeGreaterThan(first!.commit.position);
});
