// Runs every benchmark in its tiny configuration and checks the results are well-formed.
// Never asserts on timing: these numbers mean nothing at this size.
import { describe, expect, test } from 'vitest';
import { BENCHMARKS, NEEDS_SERVERS } from './benchmarks.ts';
import { accountRecord, checkoutRecords, flows, shapeOf, startSystem, stopSystem } from './machine.ts';
import { expectWellFormed } from './well-formed.ts';

describe('benchmarks (tiny configuration)', () => {
  // The real-server benchmarks are checked by real-smoke.int.test.ts.
  for (const [name, run] of Object.entries(BENCHMARKS).filter(([name]) => !NEEDS_SERVERS.has(name))) {
    test(name, async () => {
      const result = await run('tiny');
      expectWellFormed(result, name);
      expect(result.rows.some((row) => row.target !== undefined)).toBe(true);
    }, 120_000); // http-ingress starts server processes
  }
});

describe('synthetic records', () => {
  test('checkout records have the shape the runtime writes', async () => {
    const system = await startSystem(flows().checkout);
    const sent = await system.runtime.send({ event: ':checkout', to: '@order', data: { total: 7 } });
    await system.runtime.settle();
    const order = await system.runtime.history(sent.aggregate_id);
    const payment = await system.store.read(order[0]?.outcome.emitted[0]?.to.aggregate_id ?? (await system.store.listAggregates({ machine: '@payment' }))[0] ?? '');
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
