import { describe, expect, test } from 'vitest';
import { body, codes, errors, statement } from './test-support/helpers.ts';

const v = (...path: string[]) => ({ kind: 'Var', path });
const lit = (value: string | number | boolean | null) => ({ kind: 'Literal', value });

describe('transitions', () => {
  test.each(['moves to', 'transitions to', 'enters', 'becomes', 'changes to'])('verb %s', (verb) => {
    expect(statement(`order ${verb} #paid`)).toEqual({ kind: 'Transition', subject: 'order', verb, state: '#paid' });
  });

  test('x becomes #s is a transition even with a $ subject', () => {
    expect(statement('$status becomes #closed')).toEqual({ kind: 'Transition', subject: '$status', verb: 'becomes', state: '#closed' });
  });

  test('trailing words make it free text', () => {
    expect(statement('order moves to #paid quickly')).toEqual({ kind: 'Action', text: 'order moves to #paid quickly' });
  });
});

describe('context operations', () => {
  test('all verbs', () => {
    expect(body('$total becomes 5', '$n increases by 1', '$n decreases by $x * 2', '$items adds $item', '$items removes $item', '$items clears')).toEqual([
      { kind: 'ContextOp', variable: 'total', op: 'becomes', value: lit(5) },
      { kind: 'ContextOp', variable: 'n', op: 'increases', value: lit(1) },
      { kind: 'ContextOp', variable: 'n', op: 'decreases', value: { kind: 'Binary', op: '*', left: v('x'), right: lit(2) } },
      { kind: 'ContextOp', variable: 'items', op: 'adds', value: v('item') },
      { kind: 'ContextOp', variable: 'items', op: 'removes', value: v('item') },
      { kind: 'ContextOp', variable: 'items', op: 'clears' },
    ]);
  });

  test('type annotations, dotted variables, empty, bare words', () => {
    expect(body('$config: object becomes empty', '$payment.status: string becomes approved', '$when becomes yesterday')).toEqual([
      { kind: 'ContextOp', variable: 'config', type: 'object', op: 'becomes', value: { kind: 'EmptyValue' } },
      { kind: 'ContextOp', variable: 'payment.status', type: 'string', op: 'becomes', value: { kind: 'Word', text: 'approved' } },
      { kind: 'ContextOp', variable: 'when', op: 'becomes', value: { kind: 'Word', text: 'yesterday' } },
    ]);
  });

  test('$r becomes emit ... is a synchronous request', () => {
    expect(statement('$payment becomes emit :payment_request to @payment', '  with $amount')).toEqual({
      kind: 'ContextOp',
      variable: 'payment',
      op: 'becomes',
      emit: {
        kind: 'Emit',
        event: ':payment_request',
        target: { machine: '@payment', all: false, states: [] },
        async: false,
        with: { kind: 'With', form: 'vars', fields: [{ name: 'amount', value: v('amount') }] },
      },
    });
  });

  test('post-action validation table', () => {
    expect(statement('$renewals increases by 1', '  | $renewals | required, integer, between 0 and 3 |', '  | $code | one of "a", "b", valid email |')).toEqual({
      kind: 'ContextOp',
      variable: 'renewals',
      op: 'increases',
      value: lit(1),
      validation: [
        {
          kind: 'ValidationRow',
          variable: 'renewals',
          rules: [
            { name: 'required', args: [], text: 'required' },
            { name: 'integer', args: [], text: 'integer' },
            { name: 'between', args: [0, 3], text: 'between 0 and 3' },
          ],
        },
        {
          kind: 'ValidationRow',
          variable: 'code',
          rules: [
            { name: 'one of', args: ['a', 'b'], text: 'one of "a", "b"' },
            { name: 'valid email', args: [], text: 'valid email' },
          ],
        },
      ],
    });
  });

  test('errors', () => {
    expect(codes('on :e\n  $x is 5')).toEqual(['unexpected-token']);
    expect(codes('on :e\n  $x: text becomes 5')).toEqual(['invalid-type']);
    expect(codes('on :e\n  $x becomes')).toEqual(['expected-expression']);
    expect(codes('on :e\n  $x clears now')).toEqual(['unexpected-token']);
  });
});

describe('emit', () => {
  const target = (machine: string, all = false, states: string[] = []) => ({ machine, all, states });

  test('plain, async, broadcast with states', () => {
    expect(body('emit :a to @m', 'emit async :b to @self', 'emit :closing to all @loan in #active, #on_loan')).toEqual([
      { kind: 'Emit', event: ':a', target: target('@m'), async: false },
      { kind: 'Emit', event: ':b', target: target('@self'), async: true },
      { kind: 'Emit', event: ':closing', target: target('@loan', true, ['#active', '#on_loan']), async: false },
    ]);
  });

  test('with $a, $b on the emit line and on the next line', () => {
    const fields = [
      { name: 'a', value: v('a') },
      { name: 'price', value: v('item', 'price') },
    ];
    const expected = { kind: 'Emit', event: ':e', target: target('@m'), async: false, with: { kind: 'With', form: 'vars', fields } };
    expect(statement('emit :e to @m with $a, $item.price')).toEqual(expected);
    expect(statement('emit :e to @m', '  with $a, $item.price')).toEqual(expected);
  });

  test('with key: value pairs', () => {
    expect(statement('emit :failed to @order with reason: "card declined", code: 402')).toMatchObject({
      with: { form: 'pairs', fields: [{ name: 'reason', value: lit('card declined') }, { name: 'code', value: lit(402) }] },
    });
  });

  test('with: on the emit line, headerless table', () => {
    expect(statement('emit :payment_failed to @order with:', '  | error_code | "CHARGE_FAILED" |', '  | attempts   | $attempts       |')).toMatchObject({
      with: { form: 'table', fields: [{ name: 'error_code', value: lit('CHARGE_FAILED') }, { name: 'attempts', value: v('attempts') }] },
    });
  });

  test('with: table with a field | type | value header and a validation column', () => {
    expect(statement('emit :e to @m', '  with:', '    | field | type   | value |', '    | total | number | $total |')).toMatchObject({
      with: { form: 'table', header: ['field', 'type', 'value'], fields: [{ name: 'total', type: 'number', value: v('total') }] },
    });
    expect(statement('emit :e to @m with:', '  | field | value | validation |', '  | email | $email | required, valid email |', '  | note | hello world | |')).toEqual({
      kind: 'Emit',
      event: ':e',
      target: target('@m'),
      async: false,
      with: {
        kind: 'With',
        form: 'table',
        header: ['field', 'value', 'validation'],
        fields: [
          { name: 'email', value: v('email'), validation: [{ name: 'required', args: [], text: 'required' }, { name: 'valid email', args: [], text: 'valid email' }] },
          { name: 'note', value: { kind: 'Word', text: 'hello world' } },
        ],
      },
    });
  });

  test('errors', () => {
    expect(codes('on :e\n  emit to @m')).toEqual(['expected-event']);
    expect(codes('on :e\n  emit :x @m')).toEqual(['unexpected-token']);
    expect(codes('on :e\n  emit :x to m')).toEqual(['expected-actor']);
    expect(codes('on :e\n  emit :x to @m with')).toEqual(['unexpected-token']);
    expect(codes('on :e\n  emit :x to @m with:')).toEqual(['expected-table']);
    expect(codes('on :e\n  emit :x to @m with $a\n    with $b')).toEqual(['duplicate-with']);
    expect(codes('on :e\n  with $a')).toEqual(['unexpected-with']);
    expect(codes('on :e\n  emit :x to @m with:\n    | a | b | c |')).toEqual(['invalid-type']);
    expect(codes('on :e\n  emit :x to @m with:\n    | a | b | c | d |')).toEqual(['table-cell-count']);
  });

  test('with: rows without a header may be field | type | value, as with the header', () => {
    expect(statement('emit :order_placed to @warehouse with:', '  | order_id | string | $order_id |', '  | total    | number | $total    |', '  | note     | "gift"              |')).toMatchObject({
      with: {
        form: 'table',
        fields: [
          { name: 'order_id', type: 'string', value: v('order_id') },
          { name: 'total', type: 'number', value: v('total') },
          { name: 'note', value: lit('gift') },
        ],
      },
    });
    expect(errors('on :e\n  emit :x to @m with:\n    | a | b | c |').map((d) => [d.message, d.loc.line, d.loc.column])).toEqual([
      ["Expected a type (string, number, boolean, array, object or integer) between the field and its value, found 'b'.", 3, 5],
    ]);
  });
});

describe('reply', () => {
  test('status, reason, and the four bodies', () => {
    expect(body('reply 201 created with:', '  | id | $id |', 'reply 404 not found with error', 'reply 200 with ^summary', 'reply 200')).toEqual([
      { kind: 'Reply', status: 201, reason: 'created', body: { kind: 'fields', fields: [{ key: 'id', value: v('id') }] } },
      { kind: 'Reply', status: 404, reason: 'not found', body: { kind: 'named', name: 'error' } },
      { kind: 'Reply', status: 200, body: { kind: 'transformer', name: 'summary' } },
      { kind: 'Reply', status: 200, body: { kind: 'none' } },
    ]);
  });

  test('errors', () => {
    expect(codes('on :e\n  reply ok')).toEqual(['expected-status']);
    expect(codes('on :e\n  reply 2000')).toEqual(['expected-status']);
    expect(codes('on :e\n  reply 200 with $x')).toEqual(['unexpected-token']);
    expect(codes('on :e\n  reply 201 with:')).toEqual(['expected-table']);
  });
});

describe('schedule and actions', () => {
  test('schedule :e for <expr> <unit>', () => {
    expect(body('schedule :retry for $delay seconds', 'schedule :remind for $attempts * 2 days')).toEqual([
      { kind: 'Schedule', event: ':retry', delay: v('delay'), unit: 'seconds' },
      { kind: 'Schedule', event: ':remind', delay: { kind: 'Binary', op: '*', left: v('attempts'), right: lit(2) }, unit: 'days' },
    ]);
    expect(codes('on :e\n  schedule :retry for 5 weeks')).toEqual(['expected-time-unit']);
  });

  test('free text is normalised, comments stripped', () => {
    expect(body('send   confirmation email   // to the customer', 'notify @reviewer /* soon */ now', 'start timer for 30 seconds')).toEqual([
      { kind: 'Action', text: 'send confirmation email' },
      { kind: 'Action', text: 'notify @reviewer now' },
      { kind: 'Action', text: 'start timer for 30 seconds' },
    ]);
  });

  test('indented block under an action is an error', () => {
    expect(codes('on :e\n  process card\n    more')).toEqual(['unexpected-indentation']);
  });
});
