import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { StoredRecord } from '@eventflow/core';
import { createMemoryStore } from './index.ts';
import { findCopies } from './line-copies.ts';
import { envelope, record } from './test-support/records.ts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'eventflow-copies-'));
  file = join(dir, 'store.jsonl');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const replay: fc.Parameters<unknown> = process.env['FC_SEED'] ? { seed: Number(process.env['FC_SEED']), ...(process.env['FC_PATH'] ? { path: process.env['FC_PATH'] } : {}) } : {};

/** A record as a flow that copies `order` everywhere leaves it: data, patch, two emitted envelopes, reply. */
function copying(order: unknown, seq = 1, id = `e${seq}`): StoredRecord {
  const base = record('a', seq, id);
  const copy = () => JSON.parse(JSON.stringify(order)) as unknown;
  return {
    ...base,
    data: { order, note: 'n' },
    outcome: {
      ...base.outcome,
      context_patch: { set: { order: copy() }, unset: [] },
      emitted: [{ ...envelope(`${id}-1`), data: { order: copy() } }, { ...envelope(`${id}-2`), data: { order: copy(), other: 1 } }],
      reply: { status: 200, body: { order: copy() } },
    },
  };
}

async function roundTrip(records: readonly StoredRecord[]): Promise<StoredRecord[]> {
  const store = createMemoryStore({ file });
  for (const r of records) await store.append([{ aggregateId: r.aggregate_id, expectedSeq: r.seq - 1, records: [r] }]);
  await store.close();
  return createMemoryStore({ file }).read(records[0]!.aggregate_id);
}

describe('a large value a record repeats is written once', () => {
  test('a 4 MiB string in five places: the line holds it once, and reads back equal', async () => {
    const big = copying('x'.repeat(4 << 20));
    expect(await roundTrip([big])).toEqual([big]);
    const size = readFileSync(file).length;
    expect(size).toBeGreaterThan(4 << 20);
    expect(size).toBeLessThan((4 << 20) + 4096);
  });

  test('an object copied (not shared) into each place: written once, and each place reads back equal', async () => {
    const order = { items: Array.from({ length: 2000 }, (_, i) => ({ sku: `sku-${i}`, qty: i % 7, price: i / 3 })) };
    const big = copying(order);
    expect(await roundTrip([big])).toEqual([big]);
    const text = readFileSync(file, 'utf8');
    expect(text.split('"sku-1999"').length - 1).toBe(1);
    const line = JSON.parse(text) as { copies: { at: unknown[] }[]; record: { outcome: { reply: unknown } } };
    expect(line.copies.flatMap((copy) => copy.at)).toHaveLength(4);
    expect(readFileSync(file).length).toBeLessThan(JSON.stringify(order).length * 1.1);
  });

  test('small records are written as they are', () => {
    expect(findCopies(copying('short'))).toEqual({ text: JSON.stringify(copying('short')) });
  });

  test('property: any record with repeated large values reads back equal', async () => {
    const chunk = fc.oneof(fc.string({ unit: 'binary', minLength: 1100, maxLength: 1500 }), fc.array(fc.string({ maxLength: 30 }), { minLength: 60, maxLength: 80 }));
    const value = fc.oneof(chunk, fc.record({ a: chunk, b: fc.option(chunk), c: fc.jsonValue({ maxDepth: 2 }) }), fc.tuple(chunk, chunk));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(value, { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { minLength: 4, maxLength: 4 }), async (generated, picks) => {
        file = join(dir, `p${run++}.jsonl`);
        // Records hold JSON: what JSON cannot say (-0) is not what this property is about.
        const values = JSON.parse(JSON.stringify(generated)) as unknown[];
        const pick = (i: number) => JSON.parse(JSON.stringify(values[picks[i]! % values.length])) as unknown;
        const base = copying(pick(0));
        const r: StoredRecord = { ...base, data: { ...base.data, also: pick(1), nested: { deeper: [pick(2), values] } }, outcome: { ...base.outcome, context_patch: { set: { x: pick(3), all: values }, unset: [] } } };
        expect(await roundTrip([r])).toEqual([r]);
      }),
      { numRuns: 60, ...replay },
    );
  });

  test('copies that lead nowhere in an edited file are JOURNAL_CORRUPT at file:line', async () => {
    await roundTrip([copying('x'.repeat(20_000))]);
    const line = JSON.parse(readFileSync(file, 'utf8')) as { copies: { at: unknown[][] }[] };
    line.copies[0]!.at[0] = ['outcome', 'nowhere', 'order'];
    writeFileSync(file, `${JSON.stringify(line)}\n`);
    expect(() => createMemoryStore({ file })).toThrow(
      expect.objectContaining({ code: 'JOURNAL_CORRUPT', message: `${file}:1: the line is not one the store wrote: copy path ["outcome","nowhere","order"] leads nowhere.` }),
    );
  });
});
