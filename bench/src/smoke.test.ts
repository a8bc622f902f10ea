// Runs every benchmark in its tiny configuration and checks the results are well-formed.
// Never asserts on timing: these numbers mean nothing at this size.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { BENCHMARKS, NEEDS_SERVERS } from './benchmarks.ts';
import { accountRecord, checkoutRecords, flows, shapeOf, startSystem, stopSystem } from './machine.ts';
import { renderTable, writeResult, type BenchResult } from './report.ts';

const positive = (value: number) => Number.isFinite(value) && value > 0;

function expectWellFormed(result: BenchResult, name: string): void {
  expect(result.name).toBe(name);
  expect(result.scale).toBe('tiny');
  expect(result.machine.cpu).toEqual(expect.any(String));
  expect(result.machine.node).toBe(process.version);
  expect(result.rows.length).toBeGreaterThan(0);
  for (const row of result.rows) {
    expect(row.subject).toEqual(expect.any(String));
    expect(row.baseline).toEqual(expect.any(String));
    expect(row.unit).toEqual(expect.any(String));
    expect(row.ratio_means).toEqual(expect.any(String));
    expect(positive(row.ratio), `${row.subject} vs ${row.baseline}: ratio ${row.ratio}`).toBe(true);
    expect(positive(row.subject_value)).toBe(true);
    expect(positive(row.baseline_value)).toBe(true);
    for (const stats of [row.subject_stats, row.baseline_stats]) {
      if (stats === undefined) continue;
      expect(positive(stats.ops_per_s ?? Number.NaN)).toBe(true);
      expect(Number.isFinite(stats.p50_ms)).toBe(true);
      expect(Number.isFinite(stats.p99_ms)).toBe(true);
    }
    if (row.target) expect(row.target).toEqual({ text: expect.any(String), met: expect.any(Boolean) });
  }
  expect(result.rows.some((row) => row.target !== undefined)).toBe(true);
  const dir = pathToFileURL(`${mkdtempSync(join(tmpdir(), 'eventflow-bench-'))}/`);
  const file = writeResult(result, dir);
  expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(JSON.parse(JSON.stringify(result)));
  expect(renderTable(result)).toContain(result.rows[0]?.subject);
}

describe('benchmarks (tiny configuration)', () => {
  // The real-server benchmarks are checked by real-smoke.int.test.ts.
  for (const [name, run] of Object.entries(BENCHMARKS).filter(([name]) => !NEEDS_SERVERS.has(name))) {
    test(name, async () => expectWellFormed(await run('tiny'), name));
  }
});

describe('synthetic records', () => {
  test('checkout records have the shape the runtime writes', async () => {
    const system = await startSystem(flows().checkout);
    const sent = await system.runtime.send({ event: ':checkout', to: '@order', data: { total: 7 } });
    await system.runtime.settle();
    const order = await system.runtime.history(sent.aggregate_id);
    const payment = await system.store.read(order[0]?.outcome.emitted[0]?.to.aggregate_id ?? (await system.store.listAggregates('@payment'))[0] ?? '');
    const [o1, p1, o2] = checkoutRecords(7);
    expect([o1, p1, o2].map(shapeOf)).toEqual([order[0], payment[0], order[1]].map(shapeOf));
    expect([o1.outcome.state_after, p1.outcome.state_after, o2.outcome.state_after]).toEqual(
      [order[0], payment[0], order[1]].map((r) => r?.outcome.state_after),
    );
    await stopSystem(system);
  });

  test('account records have the shape the runtime writes', async () => {
    const system = await startSystem(flows().account);
    const opened = await system.runtime.send({ event: ':open', to: '@account', data: { balance: 0 } });
    await system.runtime.send({ event: ':deposit', to: '@account', aggregate_id: opened.aggregate_id, data: { amount: 1 } });
    const [open, deposit] = await system.runtime.history(opened.aggregate_id);
    expect(shapeOf(accountRecord('a', 1))).toBe(shapeOf(open));
    expect(shapeOf(accountRecord('a', 2))).toBe(shapeOf(deposit));
    expect(accountRecord('a', 2).outcome).toEqual({ ...deposit?.outcome });
    await stopSystem(system);
  });
});
