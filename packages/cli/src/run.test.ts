import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKOUT_FLOWS, cli, jsonLines, tempFlows } from './test-support/cli.ts';

const ROUTING_MESSAGE = [
  "Cannot route event ':cancel_order' to @order",
  '  - No aggregate_id provided in event payload',
  '  - No conversation context available',
  '  Hint: This event requires an existing order aggregate.',
  "        Include 'order_id' in your request or use conversation context.",
].join('\n');

const lines = (...events: object[]) => events.map((e) => JSON.stringify(e)).join('\n');

describe('eventflow run', () => {
  it('prints one JSON line per event, keeps going after a failed line, and exits 1', async () => {
    const stdin = lines(
      { event: ':checkout', to: '@order', data: { total: 120, items: [{ sku: 'book', qty: 1 }] } },
      { event: ':cancel_order', to: '@order' },
      { event: 'checkout', to: 'order', data: { total: 7000 } },
    );
    const run = await cli(['run', CHECKOUT_FLOWS, '--seed', '1'], { stdin });
    expect(run.code).toBe(1);
    const [confirmed, refused, declined, ...rest] = jsonLines(run.stdout);
    expect(rest).toEqual([]);
    expect(confirmed).toEqual({
      ok: true,
      event: ':checkout',
      aggregate_id: expect.stringMatching(/^order-[a-z0-9]{10}$/),
      state: '#confirmed',
      seq: 4,
      reply: { status: 202, body: { status: 'processing', total: 120 } },
    });
    expect(refused).toEqual({
      ok: false,
      event: ':cancel_order',
      error: { code: 'ROUTING_ERROR', message: ROUTING_MESSAGE, hint: expect.stringContaining("Include 'order_id'") },
    });
    expect(declined).toMatchObject({ ok: true, event: ':checkout', state: '#payment_failed', seq: 4 });
  });

  it('reads --events from a file, reports a line that is not JSON, and --dump lists every instance', async () => {
    const dir = tempFlows({});
    writeFileSync(join(dir, 'events.jsonl'), `${lines({ event: ':checkout', to: '@order', data: { total: 50 } })}\n\nnot json\n`);
    const run = await cli(['run', CHECKOUT_FLOWS, '--events', join(dir, 'events.jsonl'), '--dump']);
    expect(run.code).toBe(1);
    const out = jsonLines(run.stdout);
    expect(out[0]).toMatchObject({ ok: true, state: '#confirmed' });
    expect(out[1]).toMatchObject({ ok: false, line: 3, error: { code: 'INVALID_INPUT' } });
    const dumped = out.slice(2);
    expect(dumped.map((i) => i['machine']).sort()).toEqual(['@bank', '@fraud', '@inventory', '@order', '@payment']);
    expect(dumped.find((i) => i['machine'] === '@order')).toEqual({
      aggregate_id: out[0]?.['aggregate_id'],
      machine: '@order',
      state: '#confirmed',
      context: { total: 50, payment_ok: true, fraud_ok: true, stock_ok: true },
      seq: 4,
    });
  });

  it('applies a line sent again with the same "id" once', async () => {
    const line = { id: 'checkout-1', event: ':checkout', to: '@order', data: { total: 20 } };
    const run = await cli(['run', CHECKOUT_FLOWS, '--dump'], { stdin: lines(line, line) });
    const [first, again, ...instances] = jsonLines(run.stdout);
    expect(again).toEqual(first);
    expect(instances.filter((i) => i['machine'] === '@order')).toHaveLength(1);
    expect((await cli(['run', CHECKOUT_FLOWS], { stdin: lines({ ...line, id: 7 }) })).stdout).toContain('"id\\" must be a non-empty string');
  });

  it('refuses an internal event unless the line says "trusted": true', async () => {
    const stdin = lines({ event: ':payment_success', to: '@order', from: '@payment' });
    const run = await cli(['run', join(CHECKOUT_FLOWS, 'order.flow')], { stdin });
    expect(jsonLines(run.stdout)[0]).toMatchObject({ ok: false, error: { code: 'INTERNAL_EVENT' } });
  });
});

describe('eventflow run --store, then inspect', () => {
  it('a second run continues the stored instances; inspect --at shows an earlier state', async () => {
    const store = join(tempFlows({}), 'run.jsonl');
    const order = join(CHECKOUT_FLOWS, 'order.flow');
    const first = await cli(['run', order, '--store', store, '--seed', '3'], { stdin: lines({ event: ':checkout', to: '@order', data: { total: 80 } }) });
    expect(first.code).toBe(0);
    const created = jsonLines(first.stdout)[0] as { aggregate_id: string };
    expect(created).toMatchObject({ ok: true, state: '#processing', seq: 1 });

    // A new process in all but name: fresh runtime, same store file, same seed.
    const cancel = lines({ event: ':cancel_order', to: '@order', data: { order_id: created.aggregate_id } });
    const second = await cli(['run', order, '--store', store, '--seed', '3'], { stdin: cancel });
    expect(second.code).toBe(0);
    expect(jsonLines(second.stdout)).toEqual([
      { ok: true, event: ':cancel_order', aggregate_id: created.aggregate_id, state: '#cancelled', seq: 2, reply: { status: 200, body: { status: 'cancelled' } } },
    ]);

    const display = `@order:${created.aggregate_id.slice('order-'.length)}`;
    const listed = await cli(['inspect', order, '--store', store]);
    expect(listed.stdout).toBe(`1 instance stored\n  ${display}  #cancelled  seq 2\n`);

    const earlier = await cli(['inspect', '--store', store, display, '--at', '1', '--json']);
    expect(earlier.code).toBe(0);
    expect(jsonLines(earlier.stdout)[0]).toMatchObject({ aggregate_id: created.aggregate_id, state: '#processing', seq: 1, context: { total: 80 } });

    const history = await cli(['inspect', '--store', store, created.aggregate_id, '--history']);
    expect(history.stdout).toContain(`${display} (${created.aggregate_id})\n  seq:      2 of 2\n  state:    #cancelled\n  entered:  #processing → #cancelled\n`);
    expect(history.stdout).toMatch(/History\n +1 {2}:checkout from @customer {2}→ #processing\n +emitted :payment_request → @payment \(conv-/);
    expect(history.stdout).toMatch(/\n +2 {2}:cancel_order from @customer {2}→ #cancelled\n/);
  });

  it('inspect explains a missing store, an unknown instance and a seq past the end (exit 2)', async () => {
    expect(await cli(['inspect', '--store', 'nope.jsonl'])).toMatchObject({ code: 2, stderr: 'error: No store at nope.jsonl\n' });
    const store = join(tempFlows({}), 'run.jsonl');
    await cli(['run', join(CHECKOUT_FLOWS, 'order.flow'), '--store', store], { stdin: lines({ event: ':checkout', to: '@order' }) });
    expect(await cli(['inspect', '--store', store, 'order-zzz'])).toMatchObject({ code: 2, stderr: "error: No instance 'order-zzz' in the store\n" });
    expect((await cli(['inspect', '--store', store, 'order-', '--at', '9'])).stderr).toMatch(/--at 9 is past its end/);
  });
});
