// A step that "passed" while its handler was rolled back, or while an event it sent was dropped,
// fails and says why (not only `inspect --history` shows it).
import { parseOrThrow } from '@eventflow/language';
import { describe, expect, test } from 'vitest';
import { createSuite, runFlowTests } from './index.ts';

async function run(...texts: string[]) {
  const report = await runFlowTests(createSuite(texts.map((t, i) => parseOrThrow(t, `f${i}.flow`)), []));
  return report.suites.flatMap((s) => s.groups.flatMap((g) => g.tests.map((t) => [t.name, t.status, t.error ?? ''])));
}

describe('problems a step reports', () => {
  test('a failing context constraint fails the step with the variable, the rule and the value', async () => {
    const flow = `machine: @document
scenario: approve
  on :approve from @reviewer (api)
    $approved_by: string becomes @reviewer.id
    document moves to #approved
  expect:
    = document is in #approved
`;
    expect(await run(flow)).toEqual([
      [
        'approve → idle',
        'failed',
        ':approve on @document was rolled back: $approved_by failed string (value: undefined)\n\nHint: Nothing it changed was kept, and @document was sent :constraint_violated; handle that event or fix the value.',
      ],
      ['scenario expectations', 'failed', 'Not reached: an earlier step failed'],
    ]);
  });

  test('an event-level given: @reviewer.id is "rev-7" gives the sender its id, so the constraint holds', async () => {
    const flow = `machine: @document
scenario: approve
  on :approve from @reviewer (api)
    given:
      @reviewer.id is "rev-7"
    $approved_by: string becomes @reviewer.id
    document moves to #approved
  expect:
    = $approved_by equals "rev-7"
`;
    expect(await run(flow)).toEqual([
      ['approve → approved', 'passed', ''],
      ['scenario expectations', 'passed', ''],
    ]);
  });

  test('an event a loaded machine has no handler for fails the step that sent it', async () => {
    const shop = `machine: @order
  scenario: ship
    on :ship from @clerk (api)
      order moves to #shipped
      emit :pack to @warehouse
    expect:
      = order is in #shipped

machine: @warehouse
  on :unpack from @order
    warehouse moves to #idle
`;
    expect((await run(shop))[0]).toEqual(['ship → shipped', 'failed', '@warehouse has no handler for :pack from @order; dropped']);
  });
});
