// Each way a store file can be edited or damaged gives JOURNAL_CORRUPT at file:line with what to do,
// before anything is appended; only what a crash leaves at the end is cut off, with a message.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { StoredRecord } from '@eventflow/core';
import { createMemoryStore } from './index.ts';
import { record, snapshot } from './test-support/records.ts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'eventflow-journal-'));
  file = join(dir, 'store.jsonl');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const recordLine = (r: StoredRecord, commit = true) => JSON.stringify({ kind: 'record', commit, record: r });
const dispatchedLine = (id: string, seq: number) => JSON.stringify({ kind: 'dispatched', aggregate_id: id, seq });

/** A valid log: a1, a2 (emits, then marked dispatched), b1, a3. */
function validLines(): string[] {
  return [recordLine(record('a', 1, 'e1')), recordLine(record('a', 2, 'e2', 1)), dispatchedLine('a', 2), recordLine(record('b', 1, 'e3')), recordLine(record('a', 3, 'e4'))];
}

function openFailure(lines: readonly string[]): { code: string; message: string; hint: string } {
  writeFileSync(file, `${lines.join('\n')}\n`);
  const before = readFileSync(file);
  try {
    createMemoryStore({ file });
  } catch (error) {
    expect(readFileSync(file)).toEqual(before);
    const { code, message, hint } = error as { code: string; message: string; hint: string };
    return { code, message: message.replace(`${file}:`, 'store.jsonl:'), hint };
  }
  throw new Error('the store opened');
}

function withRecord(line: number, edit: (r: Record<string, any>) => void): string[] {
  const lines = validLines();
  const parsed = JSON.parse(lines[line - 1] as string) as Record<string, any>;
  edit(parsed);
  lines[line - 1] = JSON.stringify(parsed);
  return lines;
}

const restore = (n: number) => `Restore the file from a backup; or, to keep only the records before it, delete line ${n} and every line after it.`;

describe('an edited or damaged store file is refused at file:line, and nothing is written', () => {
  test.each([
    ['a record without its outcome', withRecord(2, (l) => delete l.record.outcome), 'store.jsonl:2: the line is not one the store wrote: record.outcome is missing (expected an object).'],
    ['a record without its seq', withRecord(1, (l) => delete l.record.seq), 'store.jsonl:1: the line is not one the store wrote: record.seq is missing (expected a seq (1, 2, 3 ...)).'],
    ['a seq that is text', withRecord(1, (l) => (l.record.seq = '1')), 'store.jsonl:1: the line is not one the store wrote: record.seq should be a seq (1, 2, 3 ...), found "1".'],
    ['null data', withRecord(1, (l) => (l.record.data = null)), 'store.jsonl:1: the line is not one the store wrote: record.data: null is not an object (send an object, or no data at all).'],
    ['a patch without its set', withRecord(1, (l) => delete l.record.outcome.context_patch.set), 'store.jsonl:1: the line is not one the store wrote: record.outcome.context_patch.set is missing (expected an object).'],
    ['an emitted envelope without a target', withRecord(2, (l) => delete l.record.outcome.emitted[0].to), 'store.jsonl:2: the line is not one the store wrote: record.outcome.emitted[0].to is missing (expected an object).'],
    ['states entered that are not text', withRecord(1, (l) => (l.record.outcome.states_entered = [1])), 'store.jsonl:1: the line is not one the store wrote: record.outcome.states_entered[0] should be a string, found 1.'],
    ['a line of another kind', withRecord(1, (l) => (l.kind = 'event')), 'store.jsonl:1: the line is not one the store wrote: kind should be "record", "dispatched" or "snapshot", found "event".'],
    ['a line without commit', withRecord(1, (l) => delete l.commit), 'store.jsonl:1: the line is not one the store wrote: commit is missing (expected true or false).'],
    ['a line that is not JSON', ['{"kind":"record"', ...validLines()], 'store.jsonl:1: the line is not JSON.'],
    ['a line that is a number', ['42', ...validLines()], 'store.jsonl:1: the line is not one the store wrote: the line should be an object, found 42.'],
    // Deeper than JSON.stringify can write back: only a hand-made file holds this.
    ['payload data nested 10,000 deep', [validLines()[0]!.replace('"data":{"n":1}', `"data":{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`)], 'store.jsonl:1: the line is not one the store wrote: record.data: nesting deeper than 1000.'],
  ])('%s', (_name, lines, message) => {
    expect(openFailure(lines)).toEqual({ code: 'JOURNAL_CORRUPT', message, hint: restore(Number(/:(\d+):/.exec(message)?.[1])) });
  });

  test('a deleted record line: the next record of that aggregate names the missing one', () => {
    const lines = validLines();
    lines.splice(1, 2); // a2 and its dispatched mark
    expect(openFailure(lines).message).toBe('store.jsonl:3: the line stores record 3 of a, after record 1 at line 1: record 2 is missing.');
  });

  test('a deleted first record, and deleted lines that a later mark or snapshot refers to', () => {
    expect(openFailure(validLines().slice(1)).message).toBe('store.jsonl:1: the line stores record 2 of a, but no line before it stores its record 1: lines are missing.');
    const lines = validLines();
    lines.splice(1, 1);
    expect(openFailure(lines).message).toBe('store.jsonl:2: the line marks record 2 of a dispatched, but no line before it stores that record.');
    expect(openFailure([...validLines().slice(0, 2), JSON.stringify({ kind: 'snapshot', snapshot: snapshot('a', 5, '#x') })]).message).toBe(
      'store.jsonl:3: the line is a snapshot of a at record 5, but the lines before it store 2 records of it.',
    );
  });

  test('a duplicated line names the line it repeats and says to delete it', () => {
    const lines = validLines();
    lines.splice(4, 0, lines[3] as string);
    expect(openFailure(lines)).toEqual({
      code: 'JOURNAL_CORRUPT',
      message: 'store.jsonl:5: the line repeats event e3, already stored at line 4.',
      hint: `Delete line 5 if it is a copy of line 4; otherwise restore the file from a backup; or, to keep only the records before it, delete line 5 and every line after it.`,
    });
  });

  test('renumbered records: a seq that repeats, and one that skips', () => {
    expect(openFailure(withRecord(5, (l) => (l.record.seq = 2))).message).toBe('store.jsonl:5: the line stores record 2 of a again: line 2 already stores its record 2.');
    expect(openFailure(withRecord(5, (l) => (l.record.seq = 7))).message).toBe('store.jsonl:5: the line stores record 7 of a, after record 2 at line 2: records 3-6 are missing.');
  });

  test('a batch broken in the middle: another line inside it, or a record of another aggregate', () => {
    const open = recordLine(record('c', 1, 'e9'), false);
    expect(openFailure([open, dispatchedLine('a', 1)]).message).toBe(
      'store.jsonl:2: the line interrupts the batch that starts at line 1 (its last record, marked "commit": true, never came).',
    );
    expect(openFailure([open, recordLine(record('d', 1, 'e10'))]).message).toBe('store.jsonl:2: the line stores a record of d inside a batch of c (line 1).');
  });
});

describe('what a crash leaves at the end is cut off, and the message says how many bytes', () => {
  async function reopen(): Promise<{ notices: string[]; lastSeq: number }> {
    const notices: string[] = [];
    const store = createMemoryStore({ file, onRepair: (message) => notices.push(message.replace(`${file}:`, 'store.jsonl:')) });
    const lastSeq = (await store.read('a')).length;
    await store.close();
    return { notices, lastSeq };
  }

  test('an incomplete last line', async () => {
    writeFileSync(file, `${validLines().join('\n')}\n`);
    const intact = readFileSync(file, 'utf8');
    appendFileSync(file, '{"kind":"record","com');
    expect(await reopen()).toEqual({ notices: ['store.jsonl:6: dropped the last 21 bytes, an incomplete last line (a write cut short).'], lastSeq: 3 });
    expect(readFileSync(file, 'utf8')).toBe(intact);
    expect((await reopen()).notices).toEqual([]);
  });

  test('a batch whose committing line never came, torn or not', async () => {
    writeFileSync(file, `${validLines().join('\n')}\n`);
    const intact = readFileSync(file, 'utf8');
    const uncommitted = `${recordLine(record('a', 4, 'e5'), false)}\n${recordLine(record('a', 5, 'e6'), false)}\n`;
    appendFileSync(file, uncommitted);
    expect(await reopen()).toEqual({
      notices: [`store.jsonl:6: dropped the last ${uncommitted.length} bytes, a batch of 2 records whose committing last line never came (a write cut short).`],
      lastSeq: 3,
    });
    expect(readFileSync(file, 'utf8')).toBe(intact);
    appendFileSync(file, `${recordLine(record('a', 4, 'e5'), false)}\n{"kind":"rec`);
    expect((await reopen()).notices).toEqual([expect.stringMatching(/^store\.jsonl:6: dropped the last \d+ bytes, a batch of 1 record whose/)]);
    expect(readFileSync(file, 'utf8')).toBe(intact);
  });

  test('a complete last line without its line break (an editor dropped it) is kept, and the break added', async () => {
    writeFileSync(file, validLines().join('\n'));
    const { notices, lastSeq } = await reopen();
    expect({ notices, lastSeq }).toEqual({ notices: [], lastSeq: 3 });
    expect(readFileSync(file, 'utf8')).toBe(`${validLines().join('\n')}\n`);
    const store = createMemoryStore({ file });
    await store.append([{ aggregateId: 'a', expectedSeq: 3, records: [record('a', 4, 'e5')] }]);
    await store.close();
    expect(await createMemoryStore({ file }).read('a')).toHaveLength(4);
  });

  test('without onRepair the message goes to the console, never nowhere', () => {
    writeFileSync(file, `${validLines().join('\n')}\n{"kind"`);
    const warnings: unknown[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(...args);
    try {
      createMemoryStore({ file });
    } finally {
      console.warn = original;
    }
    expect(warnings).toEqual([`warning: ${file}:6: dropped the last 7 bytes, an incomplete last line (a write cut short).`]);
  });
});
