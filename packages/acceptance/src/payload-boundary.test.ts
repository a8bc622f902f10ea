// The payload boundary at `send`: anything but plain JSON data within the limits is refused with
// INVALID_PAYLOAD, naming the field and why, before anything is stored, on the memory and file stores.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createMemoryStore } from '@eventflow/memory';
import { startSystem } from './harness.ts';

const ORDER = `machine: @order
  on :checkout from @customer (api)
    $items becomes $items
    order moves to #placed
`;

function deep(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

const cycle: Record<string, unknown> = { items: [] };
(cycle['items'] as unknown[]).push(cycle);

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('send refuses what is not plain JSON data, and stores nothing', () => {
  test.each([
    ['an object 10,000 deep', deep(10_000), 'data: nesting deeper than 64'],
    ['a cyclic object', cycle, 'data.items[0]: refers back to data (a cycle)'],
    ['null data', null, 'data: null is not an object (send an object, or no data at all)'],
    ['a BigInt', { items: [1n] }, 'data.items[0]: a BigInt is not a JSON number (send it as a string or a number)'],
    ['NaN', { items: [{ price: Number.NaN }] }, 'data.items[0].price: NaN is not a JSON number'],
    ['a Map', { items: new Map([['a', 1]]) }, 'data.items: a Map is not JSON data (send an object)'],
    ['a Date', { items: new Date(0) }, 'data.items: a Date is not JSON data (send its toISOString())'],
    ['a 1 MiB Uint8Array', { items: new Uint8Array(1 << 20) }, 'data.items: a Uint8Array is not JSON data (send an array of numbers or a base64 string)'],
    ['a 16 MiB string', { items: 'x'.repeat(16 << 20) }, 'data: larger than 1,048,576 characters as JSON'],
  ])('%s', async (_name, data, message) => {
    dir = mkdtempSync(join(tmpdir(), 'eventflow-boundary-'));
    const file = join(dir, 'store.jsonl');
    const store = createMemoryStore({ file });
    const { runtime } = await startSystem({ 'order.flow': ORDER }, [], { store });
    await expect(runtime.send({ event: ':checkout', to: '@order', data: data as Record<string, unknown> })).rejects.toMatchObject({
      name: 'EventFlowError',
      code: 'INVALID_PAYLOAD',
      message,
    });
    expect(await store.listAggregates()).toEqual([]);
    await runtime.close();
    await store.close();
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  test('the limits are runtime options', async () => {
    const { runtime, store } = await startSystem({ 'order.flow': ORDER }, [], { payload: { maxDepth: 2, maxSize: 100 } });
    await expect(runtime.send({ event: ':checkout', to: '@order', data: { items: [[1]] } })).rejects.toThrow('data: nesting deeper than 2');
    await expect(runtime.send({ event: ':checkout', to: '@order', data: { items: 'x'.repeat(100) } })).rejects.toThrow('data: larger than 100 characters as JSON');
    const { aggregate_id } = await runtime.send({ event: ':checkout', to: '@order', data: { items: [1] } });
    expect((await runtime.state(aggregate_id)).context).toEqual({ items: [1] });
    expect(await store.listAggregates()).toEqual([aggregate_id]);
  });
});

test('a payload the flow copies into context, two envelopes and the reply is written once per stored record', async () => {
  dir = mkdtempSync(join(tmpdir(), 'eventflow-boundary-'));
  const file = join(dir, 'store.jsonl');
  const flow = `machine: @order
  on :checkout from @customer (api)
    $items becomes $items
    order moves to #placed
    emit :audit to @ledger
      with $items
    emit :archive to @archive
      with $items
    reply 200 with:
      | items | $items |
`;
  const store = createMemoryStore({ file });
  const { runtime } = await startSystem({ 'order.flow': flow }, [], { store, payload: { maxSize: 8 << 20 } });
  const items = 'x'.repeat(4 << 20);
  const { aggregate_id } = await runtime.send({ event: ':checkout', to: '@order', data: { items } });
  await runtime.close();
  await store.close();
  // The @order record holds it in data, the patch, two envelopes and the reply: once on disk.
  const size = readFileSync(file).length;
  expect(size).toBeGreaterThan(4 << 20);
  expect(size).toBeLessThan((4 << 20) + 8192);
  const reopened = createMemoryStore({ file });
  const [stored] = await reopened.read(aggregate_id);
  expect(stored?.outcome.reply?.body).toEqual({ items });
  expect(stored?.outcome.emitted.map((e) => e.data)).toEqual([{ items }, { items }]);
  expect(stored?.outcome.context_patch.set).toEqual({ items });
});
