import { describe, expect, test } from 'vitest';
import type { Emit, GuardChain, Handler, Statement } from './ast.ts';
import { check } from './check.ts';
import { parse } from './parser.ts';
import { print } from './printer.ts';
import { fixture, seedFixtures } from './test-support/fixtures.ts';
import { handlers, parseClean } from './test-support/helpers.ts';
import { stripLocations } from './test-support/strip-locations.ts';

function emits(statements: readonly Statement[]): Emit[] {
  return statements.filter((s): s is Emit => s.kind === 'Emit');
}

function handler(hs: Handler[], event: string): Handler {
  const found = hs.find((h) => h.event === event);
  if (found === undefined) throw new Error(`no handler ${event}`);
  return found;
}

describe('seed snippets', () => {
  test.each(seedFixtures())('%s parses without diagnostics, checks clean and round-trips', (name) => {
    const text = fixture(name);
    const { ast, diagnostics } = parse(text, name);
    expect(diagnostics).toEqual([]);
    expect(check(ast).filter((d) => d.severity === 'error')).toEqual([]);
    expect(stripLocations(parse(print(ast), name).ast)).toEqual(stripLocations(ast));
  });

  test('instance-management: (api) handler creating the aggregate, comments dropped', () => {
    const ast = parseClean(fixture('seeds/instance-management-1.flow'));
    expect(ast.machines.map((m) => m.name)).toEqual(['@order']);
    expect(ast.machines[0]?.scenarios[0]?.name).toBe('order lifecycle');
    const [checkout] = handlers(ast);
    expect(checkout).toMatchObject({ event: ':checkout', from: '@customer', api: true, legacyApi: false, queued: false });
    expect(stripLocations(checkout?.body)).toEqual([
      { kind: 'Transition', subject: 'order', verb: 'moves to', state: '#pending' },
      { kind: 'Emit', event: ':payment_request', target: { machine: '@payment', all: false, states: [] }, async: false },
    ]);
  });

  test('instance-management: handlers without machine go to an implicit machine', () => {
    const ast = parseClean(fixture('seeds/instance-management-2.flow'));
    expect(ast.machines).toHaveLength(1);
    expect(ast.machines[0]).toMatchObject({ name: '', implicit: true });
    const hs = handlers(ast);
    expect(hs.map((h) => [h.event, h.from, h.api])).toEqual([
      [':payment_success', '@payment', false],
      [':cancel_order', '@customer', true],
    ]);
  });

  test('instance-management: comment lines between handlers, guard with state test', () => {
    const ast = parseClean(fixture('seeds/instance-management-3.flow'));
    const hs = handlers(ast);
    expect(hs.map((h) => h.event)).toEqual([':checkout', ':payment_success', ':cancel_order']);
    const chain = handler(hs, ':cancel_order').body[0] as GuardChain;
    expect(stripLocations(chain.branches[0]?.lines[0]?.condition)).toEqual({
      kind: 'InState',
      subject: 'order',
      negated: false,
      states: ['#awaiting_payment'],
    });
    expect(chain.otherwise).toBeUndefined();
  });

  test('conversation-context: loose emits (fragments) with trailing comments', () => {
    const ast = parseClean(fixture('seeds/conversation-context-1.flow'));
    expect(ast.machines).toEqual([]);
    expect(stripLocations(ast.statements)).toEqual([
      { kind: 'Emit', event: ':payment_request', target: { machine: '@payment', all: false, states: [] }, async: false },
      { kind: 'Emit', event: ':payment_success', target: { machine: '@order', all: false, states: [] }, async: false },
    ]);
  });

  test('conversation-context: three machines, on> handlers, bare ? else', () => {
    const ast = parseClean(fixture('seeds/conversation-context-4.flow'));
    expect(ast.machines.map((m) => m.name)).toEqual(['@order', '@payment', '@inventory']);
    const hs = handlers(ast);
    expect(handler(hs, ':checkout')).toMatchObject({ api: true, legacyApi: true, from: '@customer' });
    expect(handler(hs, ':payment_success').api).toBe(false);
    const payment = handler(hs, ':payment_request');
    expect(payment.body[0]).toMatchObject({ kind: 'Action', text: 'process card' });
    const chain = payment.body[1] as GuardChain;
    expect(chain.kind).toBe('GuardChain');
    expect(chain.elseSpelling).toBe('?');
    expect(chain.branches[0]?.lines[0]?.condition).toEqual({ kind: 'Text', text: 'card is valid' });
    expect(emits(chain.branches[0]?.body ?? []).map((e) => [e.event, e.target.machine])).toEqual([[':payment_success', '@order']]);
    expect(emits(chain.otherwise ?? []).map((e) => [e.event, e.target.machine])).toEqual([[':payment_failed', '@order']]);
    const stock = handler(hs, ':reserve_stock').body[0] as GuardChain;
    expect(stock.branches[0]?.body?.map((s) => s.kind)).toEqual(['Action', 'Emit']);
  });

  test('conversation-context: inline and-conditions over context variables', () => {
    const ast = parseClean(fixture('seeds/conversation-context-5.flow'));
    const hs = handlers(ast);
    expect(hs).toHaveLength(4);
    expect(handler(hs, ':checkout').legacyApi).toBe(true);
    expect(emits(handler(hs, ':checkout').body).map((e) => e.target.machine)).toEqual(['@payment', '@fraud', '@inventory']);
    const success = handler(hs, ':payment_success');
    expect(stripLocations(success.body[0])).toEqual({ kind: 'ContextOp', variable: 'payment_ok', op: 'becomes', value: { kind: 'Literal', value: true } });
    const truthy = (name: string) => ({ kind: 'Truthy', value: { kind: 'Var', path: [name] } });
    expect((success.body[1] as GuardChain).branches[0]?.lines[0]?.condition).toEqual({
      kind: 'And',
      left: { kind: 'And', left: truthy('payment_ok'), right: truthy('fraud_ok') },
      right: truthy('stock_ok'),
    });
  });

  test('conversation-context: handlers indented under machine without scenario', () => {
    const ast = parseClean(fixture('seeds/conversation-context-6.flow'));
    expect(ast.machines.map((m) => [m.name, m.scenarios.length, m.scenarios[0]?.name])).toEqual([
      ['@order', 1, undefined],
      ['@payment', 1, undefined],
    ]);
    expect(handlers(ast).map((h) => h.event)).toEqual([':checkout', ':payment_request', ':card_authorized']);
  });

  test('conversation-context: emit with a headerless with: table on its own line', () => {
    const ast = parseClean(fixture('seeds/conversation-context-7.flow'));
    expect(stripLocations(ast.statements?.[0])).toEqual({
      kind: 'Emit',
      event: ':external_api_call',
      target: { machine: '@gateway', all: false, states: [] },
      async: false,
      with: {
        kind: 'With',
        form: 'table',
        fields: [
          { name: 'order_id', value: { kind: 'Var', path: ['order_id'] } },
          { name: 'callback_id', value: { kind: 'Var', path: ['callback_id'] } },
        ],
      },
    });
  });
});
