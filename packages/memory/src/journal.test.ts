import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { isEventFlowError, type StoredRecord } from '@eventflow/core';
import { createMemoryStore } from './index.ts';
import { record, snapshot } from './test-support/records.ts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'eventflow-memory-'));
  file = join(dir, 'nested', 'store.jsonl');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lines = () => readFileSync(file, 'utf8').split('\n').filter(Boolean);
const commit = (aggregateId: string, expectedSeq: number, records: StoredRecord[]) => [{ aggregateId, expectedSeq, records }];
const lastSeq = async (store: ReturnType<typeof createMemoryStore>, id: string) => (await store.read(id)).length;

test('a run survives a restart: records, outbox marks, snapshots, idempotency', async () => {
  const store = createMemoryStore({ file });
  await store.append([...commit('a', 0, [record('a', 1, 'e1', 1), record('a', 2, 'e2', 1)]), ...commit('b', 0, [record('b', 1, 'e3')])]);
  await store.markDispatched([{ aggregateId: 'a', seq: 1 }]);
  await store.saveSnapshot(snapshot('a', 2, '#x'));
  await store.close();
  expect(lines().map((line) => JSON.parse(line).kind)).toEqual(['record', 'record', 'record', 'dispatched', 'snapshot']);
  // Each commit of the one append ends with its own commit mark: each is loaded whole or not at all.
  expect(lines().slice(0, 3).map((line) => JSON.parse(line).commit)).toEqual([false, true, true]);

  const reopened = createMemoryStore({ file });
  expect(await reopened.read('a')).toEqual([record('a', 1, 'e1', 1), record('a', 2, 'e2', 1)]);
  expect(await reopened.listAggregates()).toEqual(['a', 'b']);
  expect((await reopened.undispatched()).map((r) => r.event_id)).toEqual(['e2']);
  expect((await reopened.loadSnapshot('a'))?.state).toBe('#x');
  expect(await reopened.append(commit('a', 0, [record('a', 1, 'e1')]))).toEqual([{ status: 'duplicate', lastSeq: 2 }]);
  expect(await reopened.append(commit('a', 2, [record('a', 3, 'e4')]))).toEqual([{ status: 'appended', lastSeq: 3 }]);
  await reopened.close();
  expect(await lastSeq(createMemoryStore({ file }), 'a')).toBe(3);
});

test('marking an already dispatched record writes no line', async () => {
  const store = createMemoryStore({ file });
  await store.append(commit('a', 0, [record('a', 1, 'e1', 1)]));
  await store.markDispatched([{ aggregateId: 'a', seq: 1 }]);
  await store.markDispatched([{ aggregateId: 'a', seq: 1 }]);
  await store.close();
  expect(lines()).toHaveLength(2);
});

test('a torn last line and an uncommitted batch are cut off on load', async () => {
  const store = createMemoryStore({ file });
  await store.append(commit('a', 0, [record('a', 1, 'e1')]));
  await store.close();
  const intact = readFileSync(file, 'utf8');
  const uncommitted = JSON.stringify({ kind: 'record', commit: false, record: record('a', 2, 'e2') });
  appendFileSync(file, `${uncommitted}\n{"kind":"rec`);

  const notices: string[] = [];
  const reopened = createMemoryStore({ file, onRepair: (message) => notices.push(message) });
  expect(notices).toEqual([`${file}:2: dropped the last ${uncommitted.length + 13} bytes, a batch of 1 record whose committing last line never came (a write cut short).`]);
  expect(await lastSeq(reopened, 'a')).toBe(1);
  expect(readFileSync(file, 'utf8')).toBe(intact);
  await reopened.append(commit('a', 1, [record('a', 2, 'e3')]));
  await reopened.close();
  expect((await createMemoryStore({ file }).read('a')).map((r) => r.event_id)).toEqual(['e1', 'e3']);
});

test('a damaged line before the end is reported with its line number', () => {
  writeFileSync(file.replace('nested/', ''), 'not json\n{"kind":"dispatched","aggregate_id":"a","seq":1}\n');
  let error: unknown;
  try {
    createMemoryStore({ file: file.replace('nested/', '') });
  } catch (caught) {
    error = caught;
  }
  expect(isEventFlowError(error) && error.code).toBe('JOURNAL_CORRUPT');
  expect((error as Error).message).toMatch(/store\.jsonl:1: /);
});
