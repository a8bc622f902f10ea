import { describe, expect, test } from 'vitest';
import { assertion, codes, given } from './test-support/helpers.ts';

const v = (...path: string[]) => ({ kind: 'Var', path });
const lit = (value: string | number | boolean | null) => ({ kind: 'Literal', value });

describe('given lines', () => {
  test.each<[string[], unknown]>([
    [['order is in #pending'], { kind: 'GivenState', subject: 'order', state: '#pending', text: 'order is in #pending' }],
    [['$total is 5'], { kind: 'GivenVar', variable: 'total', op: 'is', value: lit(5), text: '$total is 5' }],
    [['$total: number is 1225'], { kind: 'GivenVar', variable: 'total', type: 'number', op: 'is', value: lit(1225), text: '$total: number is 1225' }],
    [['$items: array contains $x'], { kind: 'GivenVar', variable: 'items', type: 'array', op: 'contains', value: v('x'), text: '$items: array contains $x' }],
    [['$due is yesterday'], { kind: 'GivenVar', variable: 'due', op: 'is', value: { kind: 'Word', text: 'yesterday' }, text: '$due is yesterday' }],
    [['items: ["a", "b"]'], { kind: 'GivenField', key: 'items', value: { kind: 'Array', items: [lit('a'), lit('b')] }, text: 'items: ["a", "b"]' }],
    [['@member is logged in as "x@y"'], { kind: 'GivenText', text: '@member is logged in as "x@y"' }],
    [['payment_method is "card"'], { kind: 'GivenText', text: 'payment_method is "card"' }],
    [
      ['cart contains:', '  | product | price |', '  | pen     | 2.5   |', '  | ink     | 4     |'],
      { kind: 'GivenTable', text: 'cart contains', header: ['product', 'price'], rows: [['pen', '2.5'], ['ink', '4']] },
    ],
  ])('%j', (lines, expected) => {
    expect(given(...lines)).toEqual(expected);
  });

  test('a table line needs its table', () => {
    expect(codes('on :e\n  given:\n    shelf holds:')).toEqual(['expected-table']);
  });
});

describe('assertions', () => {
  test.each<[string[], unknown]>([
    [['= order is in #paid'], { kind: 'AssertState', subject: 'order', mode: 'is in', state: '#paid' }],
    [['= order is not in #paid'], { kind: 'AssertState', subject: 'order', mode: 'is not in', state: '#paid' }],
    [['= order has entered #paid'], { kind: 'AssertState', subject: 'order', mode: 'has entered', state: '#paid' }],
    [['= order has been in #paid'], { kind: 'AssertState', subject: 'order', mode: 'has been in', state: '#paid' }],
    [['= order has never been in #paid'], { kind: 'AssertState', subject: 'order', mode: 'has never been in', state: '#paid' }],
    [['= $v equals 5'], { kind: 'AssertCondition', condition: { kind: 'Compare', op: '==', phrase: 'equals', left: v('v'), right: lit(5) } }],
    [['= $v is true'], { kind: 'AssertCondition', condition: { kind: 'Compare', op: '==', phrase: 'is', left: v('v'), right: lit(true) } }],
    [['= $v is between 1 and 3'], { kind: 'AssertCondition', condition: { kind: 'Between', value: v('v'), low: lit(1), high: lit(3) } }],
    [['= $v is empty'], { kind: 'AssertCondition', condition: { kind: 'Empty', value: v('v'), negated: false } }],
    [['= $v contains "x"'], { kind: 'AssertCondition', condition: { kind: 'Contains', collection: v('v'), item: lit('x') } }],
    [['= $items has 3 items'], { kind: 'AssertCount', variable: 'items', count: 3 }],
    [['= $items has 0 items'], { kind: 'AssertCount', variable: 'items', count: 0 }],
    [['= $items has items'], { kind: 'AssertCount', variable: 'items' }],
    [['= $shipped_at is after $paid_at'], { kind: 'AssertAfter', left: v('shipped_at'), right: v('paid_at') }],
    [['= $approvals increased'], { kind: 'AssertChanged', variable: 'approvals', direction: 'increased' }],
    [['= $stock decreased'], { kind: 'AssertChanged', variable: 'stock', direction: 'decreased' }],
    [['= @a received :e'], { kind: 'AssertEvent', actor: '@a', event: ':e', negated: false, with: [] }],
    [['= @a did not receive :e'], { kind: 'AssertEvent', actor: '@a', event: ':e', negated: true, with: [] }],
    [['= :e was emitted to @a'], { kind: 'AssertEvent', actor: '@a', event: ':e', negated: false, with: [] }],
    [['= :e was sent to @a'], { kind: 'AssertEvent', actor: '@a', event: ':e', negated: false, with: [] }],
    [['= :e was not emitted'], { kind: 'AssertEvent', event: ':e', negated: true, with: [] }],
    [['= @a received :e with $v'], { kind: 'AssertEvent', actor: '@a', event: ':e', negated: false, with: [{ key: 'v', value: v('v') }] }],
    [['= :e was emitted with key: $v'], { kind: 'AssertEvent', event: ':e', negated: false, with: [{ key: 'key', value: v('v') }] }],
    [
      ['= @member received :borrow_refused', '  with reason: "no copy"', '  with code: 3'],
      { kind: 'AssertEvent', actor: '@member', event: ':borrow_refused', negated: false, with: [{ key: 'reason', value: lit('no copy') }, { key: 'code', value: lit(3) }] },
    ],
    [['= send confirmation email was called'], { kind: 'AssertCalled', action: 'send confirmation email', negated: false, with: [] }],
    [['= send confirmation email was not called'], { kind: 'AssertCalled', action: 'send confirmation email', negated: true, with: [] }],
    [
      ['= charge card was called with:', '  amount: 100', '  currency: "EUR"'],
      { kind: 'AssertCalled', action: 'charge card', negated: false, with: [{ key: 'amount', value: lit(100) }, { key: 'currency', value: lit('EUR') }] },
    ],
    [['= reply status is 201'], { kind: 'AssertReply', check: 'status', value: lit(201) }],
    [['= reply contains id'], { kind: 'AssertReply', check: 'contains', key: 'id' }],
    [['= reply total equals 5'], { kind: 'AssertReply', check: 'equals', key: 'total', value: lit(5) }],
    [['= reply.id equals "o-1"'], { kind: 'AssertReply', check: 'equals', key: 'id', value: lit('o-1'), dotted: true }],
    [['= reply.customer.id is 7'], { kind: 'AssertReply', check: 'equals', key: 'customer.id', value: lit(7), dotted: true }],
    [['= reply.status is "open"'], { kind: 'AssertReply', check: 'equals', key: 'status', value: lit('open'), dotted: true }],
    [['= traffic light cycles correctly'], { kind: 'AssertText' }],
    [['= @customer received confirmation'], { kind: 'AssertText' }],
    [['= payment was processed'], { kind: 'AssertText' }],
    [['= document is ready for review'], { kind: 'AssertText' }],
  ])('%j', (lines, expected) => {
    const a = assertion(...lines);
    expect(a).toEqual({ text: (lines[0] as string).slice(2), ...(expected as object) });
  });

  test('non-assertion lines in expect: are errors', () => {
    expect(codes('on :e\n  expect:\n    loan is in #x')).toEqual(['expected-assertion']);
    expect(codes('on :e\n  expect:\n    =')).toEqual(['expected-assertion']);
    expect(codes('on :e\n  expect:\n    = order is in #a\n      more')).toEqual(['unexpected-indentation']);
  });
});
