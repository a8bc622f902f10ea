// The language's runtime meaning (LANGUAGE.md §3): guard chains, gates, context operations,
// replies, bindings with placeholders, and handlers as transactions.
import { defineBindings, isMissingBindingError } from '@eventflow/core';
import { describe, expect, test } from 'vitest';
import { startSystem } from './harness.ts';

async function run(flow: string, events: { event: string; data?: Record<string, unknown> }[], bindings = [] as ReturnType<typeof defineBindings>[]) {
  const system = await startSystem({ 'm.flow': flow }, bindings);
  let id: string | undefined;
  const results = [];
  for (const e of events) {
    const result = await system.runtime.send({ event: e.event, to: '@m', data: { ...(e.data ?? {}), ...(id ? { m_id: id } : {}) } });
    id ??= result.aggregate_id;
    results.push(result);
  }
  await system.runtime.settle();
  const view = await system.runtime.state(id as string);
  return { ...system, id: id as string, view, results };
}

describe('guards', () => {
  const refund = `
machine: @m
  on :start from @u (api)
    m moves to #open
  on :refund from @u (api)
    ? m is in #open

    ? $days < 7
      $refund becomes "full"
    ? $days < 30
    ?? customer is vip
      $refund becomes "partial"
    otherwise
      $refund becomes "none"
    m moves to #closed
`;
  const vip = (is: boolean) => [defineBindings('@m', (b) => b.guard('customer is vip', () => is))];

  test('first matching branch wins, even when later ranges overlap', async () => {
    const { view } = await run(refund, [{ event: ':start' }, { event: ':refund', data: { days: 3 } }], vip(false));
    expect(view.context['refund']).toBe('full');
  });

  test('?? is an OR alternative: (days < 30) or (customer is vip)', async () => {
    expect((await run(refund, [{ event: ':start' }, { event: ':refund', data: { days: 20 } }], vip(false))).view.context['refund']).toBe('partial');
    expect((await run(refund, [{ event: ':start' }, { event: ':refund', data: { days: 90 } }], vip(true))).view.context['refund']).toBe('partial');
    expect((await run(refund, [{ event: ':start' }, { event: ':refund', data: { days: 90 } }], vip(false))).view.context['refund']).toBe('none');
  });

  test('a body-less guard group is a gate over the rest of the block', async () => {
    const { view } = await run(refund, [{ event: ':refund', data: { days: 3 } }].map((e) => e), vip(false)).catch(() => ({ view: undefined }));
    // :refund is not the creating event, so first create, then close, then refund again: the gate fails.
    const closed = await run(refund, [{ event: ':start' }, { event: ':refund', data: { days: 3 } }, { event: ':refund', data: { days: 200 } }], vip(true));
    expect(view).toBeUndefined();
    expect(closed.view.context['refund']).toBe('full');
    expect(closed.view.state).toBe('#closed');
    expect(closed.view.history).toEqual(['#open', '#closed']);
  });

  test('an unbound natural-language guard fails the handler and names the text', async () => {
    const system = await startSystem({ 'm.flow': `machine: @m\n  on :go from @u (api)\n    ? the moon is full\n      m moves to #howling\n` });
    const error = await system.runtime.send({ event: ':go', to: '@m' }).catch((e: unknown) => e);
    expect(isMissingBindingError(error)).toBe(true);
    expect(String((error as Error).message)).toBe("No binding found for guard 'the moon is full' (m.flow:3)");
    expect(await system.store.listAggregates()).toEqual([]);
  });

  test('bindings match placeholders: {number} takes literals and $variables, {string} takes quoted text', async () => {
    const seen: unknown[] = [];
    const bindings = [
      defineBindings('@m', (b) =>
        b
          .guard('total is above {number}', (ctx, limit: number) => (seen.push(limit), ctx.get<number>('total', 0) > limit))
          .action('tag order as {string}', (_ctx, tag: string) => (seen.push(tag), { tag })),
      ),
    ];
    const flow = `
machine: @m
  on :go from @u (api)
    $limit becomes 10
    ? total is above $limit
      tag order as "big one"
    otherwise
      tag order as small
`;
    expect((await run(flow, [{ event: ':go', data: { total: 50 } }], bindings)).view.context['tag']).toBe('big one');
    expect((await run(flow, [{ event: ':go', data: { total: 5 } }], bindings)).view.context['tag']).toBe('small');
    expect(seen).toEqual([10, 'big one', 10, 'small']);
  });
});

describe('context operations', () => {
  test('becomes, increases, decreases, adds, removes, clears, arithmetic and types', async () => {
    const flow = `
machine: @m
  on :go from @u (api)
    $count increases by 2
    $count increases by 3
    $left: number becomes 10
    $left decreases by $count
    $items adds "a"
    $items adds $item
    $items adds "a"
    $items removes "a"
    $half becomes ($left * 3 + 1) / 2
    $tmp becomes [1, 2]
    $tmp clears
    $config: object becomes empty
    $who becomes @u.id
`;
    const { view } = await run(flow, [{ event: ':go', data: { item: { sku: 'x' } } }]);
    expect(view.context).toEqual({ count: 5, left: 5, items: [{ sku: 'x' }, 'a'], half: 8, tmp: [], config: {}, who: undefined });
  });

  test('a type clash rolls the whole handler back and stores nothing', async () => {
    const flow = `machine: @m\n  on :go from @u (api)\n    $name becomes "x"\n    m moves to #x\n    $name increases by 1\n`;
    const system = await startSystem({ 'm.flow': flow });
    const error = await system.runtime.send({ event: ':go', to: '@m' }).catch((e: unknown) => e);
    expect(String((error as Error).message)).toContain('Cannot increase $name ("x") by 1');
    expect(await system.store.listAggregates()).toEqual([]);
  });

  test('a failed context constraint rolls back and emits :constraint_violated to the instance itself', async () => {
    const flow = `
machine: @m
  on :start from @u (api)
    $renewals becomes 3
    m moves to #active
  on :renew from @u (api)
    $renewals increases by 1
      | $renewals | required, integer, between 0 and 3 |
    m moves to #renewed
  on :constraint_violated
    $violation becomes $variable
    $rules becomes $rules_failed
`;
    const { view, results } = await run(flow, [{ event: ':start' }, { event: ':renew' }]);
    expect(results[1]?.state).toBe('#active');
    expect(view.state).toBe('#active');
    expect(view.context).toMatchObject({ renewals: 3, violation: 'renewals', rules: ['between 0 and 3'] });
  });
});

describe('handlers are transactions', () => {
  test('an action that throws persists nothing and emits nothing', async () => {
    const flow = `
machine: @m
  on :start from @u (api)
    m moves to #one
  on :next from @u (api)
    m moves to #two
    emit :hello to @other
    charge card
machine: @other
  on :hello
    other moves to #greeted
`;
    const bindings = [defineBindings('@m', (b) => b.action('charge card', () => {
      throw new Error('gateway down');
    }))];
    const system = await startSystem({ 'm.flow': flow }, bindings);
    const { aggregate_id } = await system.runtime.send({ event: ':start', to: '@m' });
    const error = await system.runtime.send({ event: ':next', to: '@m', data: { m_id: aggregate_id } }).catch((e: unknown) => e);
    await system.runtime.settle();
    expect(String(error)).toContain('gateway down');
    expect((await system.runtime.state(aggregate_id)).state).toBe('#one');
    expect(await system.runtime.instances('@other')).toEqual([]);
    expect(system.published).toEqual([]);
  });

  test('a binding gets a copy of the payload: writing to it changes nothing stored, even for an empty, shared payload', async () => {
    const flow = `machine: @m\n  on :start from @u (api)\n    m moves to #open\n    emit :ping to @self\n  on :ping from @m\n    touch payload\n    m moves to #pinged\n  on :go from @u (api)\n    touch payload\n    m moves to #done\n`;
    const seen: unknown[] = [];
    const bindings = [defineBindings('@m', (b) => b.action('touch payload', (ctx) => {
      (ctx.event.data as Record<string, unknown>)['injected'] = true;
      seen.push({ ...ctx.event.data });
    }))];
    const system = await startSystem({ 'm.flow': flow }, bindings);
    const { aggregate_id } = await system.runtime.send({ event: ':start', to: '@m' });
    await system.runtime.settle();
    await system.runtime.send({ event: ':go', to: '@m', data: { m_id: aggregate_id, total: 3 } });
    expect(system.errors).toEqual([]);
    expect(seen).toEqual([{ injected: true }, { m_id: aggregate_id, total: 3, injected: true }]);
    const history = await system.runtime.history(aggregate_id);
    expect(history.map((r) => r.event_type)).toEqual([':start', ':ping', ':go']);
    expect(history[1]?.data).toEqual({});
    expect(history[2]?.data).toEqual({ m_id: aggregate_id, total: 3 });
  });

  test('the same event id sent twice is processed once', async () => {
    const flow = `machine: @m\n  on :go from @u (api)\n    $n increases by 1\n`;
    const system = await startSystem({ 'm.flow': flow });
    const first = await system.runtime.send({ event: ':go', to: '@m', id: 'evt-fixed' });
    const again = await system.runtime.send({ event: ':go', to: '@m', id: 'evt-fixed' });
    expect(again).toMatchObject({ aggregate_id: first.aggregate_id, seq: 1, duplicate: true });
    expect((await system.runtime.history(first.aggregate_id)).length).toBe(1);
  });

  test('events for one aggregate are processed one at a time, in order', async () => {
    const flow = `machine: @m\n  on :start from @u (api)\n    m moves to #open\n  on :add from @u (api)\n    slow step\n    $seen adds $i\n`;
    const bindings = [defineBindings('@m', (b) => b.action('slow step', () => new Promise((r) => setTimeout(r, Math.random() * 5))))];
    const system = await startSystem({ 'm.flow': flow }, bindings);
    const { aggregate_id } = await system.runtime.send({ event: ':start', to: '@m' });
    await Promise.all(Array.from({ length: 10 }, (_, i) => system.runtime.send({ event: ':add', to: '@m', data: { m_id: aggregate_id, i } })));
    const view = await system.runtime.state(aggregate_id);
    expect(view.seq).toBe(11);
    expect(view.context['seen']).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('replies, validation, broadcast, schedule and synchronous requests', () => {
  test('reply with a table, current_state, a named response and a transformer', async () => {
    const flow = `
machine: @m
  responses:
    summary:
      | state | current_state |
  on :start from @u (api)
    $total becomes 12
    m moves to #open
    reply 201 created with:
      | total  | $total        |
      | status | current_state |
  on :peek from @u (api)
    reply 200 with summary
  on :shape from @u (api)
    reply 200 with ^shape
`;
    const bindings = [defineBindings('@m', (b) => b.transformer('shape', (ctx) => ({ id: ctx.aggregateId, total: ctx.get('total') })))];
    const { results, id } = await run(flow, [{ event: ':start' }, { event: ':peek' }, { event: ':shape' }], bindings);
    expect(results[0]?.reply).toEqual({ status: 201, body: { total: 12, status: 'open' } });
    expect(results[1]?.reply).toEqual({ status: 200, body: { state: 'open' } });
    expect(results[2]?.reply).toEqual({ status: 200, body: { id, total: 12 } });
  });

  test('the receiver checks the validation column; a failure goes back as :validation_failed with field and reason', async () => {
    const flow = `
machine: @m
  on :start from @u (api)
    emit :register to @people
      with:
        | field | value  | validation                 |
        | email | $email | required, valid email      |
        | age   | $age   | integer, at least 18       |
  on :validation_failed from @people
    $errors becomes $errors
    m moves to #rejected
machine: @people
  on :register from @m
    people moves to #registered
`;
    const { view, runtime } = await run(flow, [{ event: ':start', data: { email: 'nope', age: 12 } }]);
    expect(view.state).toBe('#rejected');
    expect(view.context['errors']).toEqual([
      { field: 'email', rule: 'valid email', message: 'must be a valid email, got string "nope"' },
      { field: 'age', rule: 'at least 18', message: 'must be at least 18, got number 12' },
    ]);
    expect(await runtime.instances('@people')).toEqual([]);
    const ok = await run(flow, [{ event: ':start', data: { email: 'a@b.co', age: 30 } }]);
    expect((await ok.runtime.instances('@people')).map((i) => i.state)).toEqual(['#registered']);
  });

  test('broadcast reaches the instances in the listed states, each in a new conversation', async () => {
    const flow = `
machine: @loan
  on :open from @u (api)
    loan moves to #active
  on :close from @u (api)
    loan moves to #closed
  on :closing
    loan moves to #notified
machine: @library
  on :closing_time from @u (api)
    emit :closing to all @loan in #active
`;
    const system = await startSystem({ 'lib.flow': flow });
    const a = await system.runtime.send({ event: ':open', to: '@loan' });
    const b = await system.runtime.send({ event: ':open', to: '@loan' });
    await system.runtime.send({ event: ':close', to: '@loan', data: { loan_id: b.aggregate_id } });
    await system.runtime.send({ event: ':closing_time', to: '@library' });
    await system.runtime.settle();
    expect((await system.runtime.state(a.aggregate_id)).state).toBe('#notified');
    expect((await system.runtime.state(b.aggregate_id)).state).toBe('#closed');
    const closing = system.published.filter((e) => e.event === ':closing');
    expect(closing.map((e) => e.to.aggregate_id)).toEqual([a.aggregate_id]);
  });

  test('schedule delivers the event to the instance itself after the delay', async () => {
    const flow = `
machine: @job
  on :start from @u (api)
    job moves to #waiting
    schedule :retry for 0.05 seconds
  on :retry from @system
    job moves to #retried
`;
    const system = await startSystem({ 'job.flow': flow }, [], { clock: { now: () => Date.now() } });
    const { aggregate_id } = await system.runtime.send({ event: ':start', to: '@job' });
    expect((await system.runtime.state(aggregate_id)).state).toBe('#waiting');
    const history = await system.runtime.history(aggregate_id);
    const scheduled = history[0]?.outcome.emitted[0];
    expect(Date.parse(scheduled?.not_before as string) - Date.parse(scheduled?.timestamp as string)).toBe(50);
    await expect.poll(async () => (await system.runtime.state(aggregate_id)).state, { timeout: 5_000 }).toBe('#retried');
  });

  test('$x becomes emit ... runs the target synchronously and stores its answer', async () => {
    const flow = `
machine: @order
  on :checkout from @u (api)
    $payment becomes emit :charge to @payment
      with amount: 30
    ? $payment.success
      order moves to #paid
machine: @payment
  on :charge from @order
    payment moves to #charged
    reply 200 with:
      | transaction_id | "tx-1" |
`;
    const system = await startSystem({ 'sync.flow': flow });
    const result = await system.runtime.send({ event: ':checkout', to: '@order' });
    expect(result.state).toBe('#paid');
    const view = await system.runtime.state(result.aggregate_id);
    expect(view.context['payment']).toMatchObject({ success: true, state: 'charged', transaction_id: 'tx-1' });
  });
});

describe('scheduled handlers', () => {
  test('trigger runs a triggered: handler once per instance in its for-each states, from @system', async () => {
    const flow = `
machine: @loan
  on :reserve from @member (api)
    $priority becomes $priority
    loan moves to #reserved
  on :pick_up from @member (api)
    loan moves to #on_loan
  on :expire_holds
    triggered: every day at 02:00
    for each loan in #reserved
      ? $priority is not true
        loan moves to #expired
        emit :hold_expired to @member
`;
    const system = await startSystem({ 'loan.flow': flow });
    const a = await system.runtime.send({ event: ':reserve', to: '@loan' });
    const b = await system.runtime.send({ event: ':reserve', to: '@loan', data: { priority: true } });
    const c = await system.runtime.send({ event: ':reserve', to: '@loan' });
    await system.runtime.send({ event: ':pick_up', to: '@loan', data: { loan_id: c.aggregate_id } });
    const result = await system.runtime.trigger('@loan', ':expire_holds');
    expect([...result.processed].sort()).toEqual([a.aggregate_id, b.aggregate_id].sort());
    expect((await system.runtime.state(a.aggregate_id)).state).toBe('#expired');
    expect((await system.runtime.state(c.aggregate_id)).state).toBe('#on_loan');
    expect(system.runtime.external().map((e) => [e.event, e.from.aggregate_id])).toEqual([[':hold_expired', a.aggregate_id]]);
    expect((await system.runtime.history(a.aggregate_id)).at(-1)?.from).toEqual({ machine: '@system' });
  });

  test('sending a triggered: event without an instance says it runs on its schedule (no advice to add an id)', async () => {
    const flow = 'machine: @loan\n  on :reserve from @member (api)\n    loan moves to #reserved\n  on :expire_holds\n    triggered: every day at 02:00\n    for each loan in #reserved\n      loan moves to #expired\n';
    const system = await startSystem({ 'loan.flow': flow });
    const error = await system.runtime.send({ event: ':expire_holds', to: '@loan', trusted: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'SCHEDULED_EVENT',
      message: ':expire_holds of @loan runs on its schedule (triggered: every day at 02:00) for every instance in #reserved; it is not sent to one instance',
      hint: "Run it now with runtime.trigger('@loan', ':expire_holds').",
    });
  });
});

describe('synchronous requests', () => {
  test('a synchronous emit that would wait for an instance already waiting is a deadlock error, and nothing is stored', async () => {
    const flow = `
machine: @a
  on :go from @u (api)
    $answer becomes emit :ask to @b
  on :callback from @b
    a moves to #called
machine: @b
  on :ask from @a
    $back becomes emit :callback to @a
`;
    const system = await startSystem({ 'dead.flow': flow });
    const error = await system.runtime.send({ event: ':go', to: '@a' }).catch((e: unknown) => e);
    expect(String(error)).toMatch(/Synchronous emit :callback would wait for a-\w+, which is already waiting \(deadlock\)/);
    expect(await system.store.listAggregates()).toEqual([]);
  });
});
