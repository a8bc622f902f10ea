// What `=` lines see: the reply's body in the docs' dotted spelling (`= reply.id equals …`), and in an
// event-level `expect:` the payload of that event before the context (LANGUAGE.md §3.8.6, §6.3).
import { parseOrThrow } from '@eventflow/language';
import { describe, expect, test } from 'vitest';
import { createSuite, runFlowTests } from './index.ts';

async function run(text: string) {
  const report = await runFlowTests(createSuite([parseOrThrow(text, 'shop.flow')], []));
  return report.suites.flatMap((s) => s.groups.flatMap((g) => g.tests.map((t) => [t.name, t.status, t.error ?? ''])));
}

const shop = (assertions: string[]) => `
machine: @order

scenario: place an order

  on :place_order from @customer (api)
    $order_id becomes "o-17"
    order moves to #placed
    reply 201 created with:
      | id       | $order_id                |
      | customer | { name: "Ada", tier: 2 } |
      | status   | current_state            |

  expect:
${assertions.map((a) => `    ${a}`).join('\n')}
`;

describe('reply assertions', () => {
  test('`= reply.id equals X` checks the reply body, like `= reply id equals X`', async () => {
    expect(await run(shop(['= reply.id equals "o-17"', '= reply id equals "o-17"', '= reply status is 201', '= reply.status equals "placed"', '= reply.customer.name equals "Ada"']))).toEqual([
      ['place_order → placed', 'passed', ''],
      ['scenario expectations', 'passed', ''],
    ]);
  });

  test('a wrong value fails with the reply body shown, not as a context condition', async () => {
    const [, expectations] = await run(shop(['= reply.id equals "o-18"']));
    expect(expectations).toEqual([
      'scenario expectations',
      'failed',
      'Expected reply.id equals "o-18"; reply body: {"id":"o-17","customer":{"name":"Ada","tier":2},"status":"placed"} (shop.flow:15)',
    ]);
  });
});

describe('event-level expect', () => {
  const cart = (assertion: string) => `
machine: @cart

scenario: fill the cart

  on :add_item from @customer (api)
    given:
      $item is "book"
      $qty is 2
    $items adds $item
    $count increases by $qty
    expect:
      ${assertion}

  expect:
    = $items has 1 item
`;

  test('`$item` reads the handled event\'s payload first, then the context', async () => {
    expect(await run(cart('= $items contains $item'))).toEqual([
      ['add_item → idle', 'passed', ''],
      ['scenario expectations', 'passed', ''],
    ]);
    expect((await run(cart('= $count equals $qty')))[0]?.[1]).toBe('passed');
  });

  test('a failing payload assertion names the payload value', async () => {
    expect((await run(cart('= $item equals "pen"')))[0]).toEqual(['add_item → idle', 'failed', 'Expected $item equals "pen", but $item is "book" (shop.flow:13)']);
  });
});
