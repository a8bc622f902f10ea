// The repository's examples (examples/): each folder is a passing `eventflow test` suite, and the
// `run` sessions its README shows give the answers it shows.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, jsonLines, REPO_ROOT } from './test-support/cli.ts';

const EXAMPLES = join(REPO_ROOT, 'examples');
const lines = (...events: object[]) => events.map((e) => JSON.stringify(e)).join('\n');

describe('examples/', () => {
  it.each([
    ['traffic-light', 5],
    ['refunds', 6],
    ['shop', 5],
    ['document-approval', 5],
  ])('%s passes eventflow test (%i tests) with every binding it needs', async (name, count) => {
    const dir = join(EXAMPLES, name);
    const run = await cli(['test', dir, '--strict']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`^✓ ${count} passing \\(\\d+ms\\)$`, 'm'));
    expect(run.code).toBe(0);
    expect(await cli(['bindings:missing', dir])).toMatchObject({ code: 0, stdout: '✓ No bindings missing\n' });
  });

  it('check finds no problem in any of them', async () => {
    expect(await cli(['check', EXAMPLES])).toEqual({ code: 0, stdout: '✓ 7 files checked, no problems\n', stderr: '' });
  });

  it('run: one tick from red is green; a refund three weeks on is a partial one', async () => {
    const light = await cli(['run', join(EXAMPLES, 'traffic-light')], {
      stdin: lines({ event: ':timer_expired', to: '@traffic_light', from: '@system', trusted: true, given: 'traffic_light is in #red' }),
    });
    expect(jsonLines(light.stdout)).toMatchObject([{ ok: true, state: '#green', seq: 2 }]);
    const refund = await cli(['run', join(EXAMPLES, 'refunds'), '--dump'], {
      stdin: lines(
        { event: ':purchase_recorded', to: '@refund', aggregate_id: 'refund-r1', data: { customer_id: 'c-42', amount: 80 } },
        { event: ':refund_requested', to: '@refund', aggregate_id: 'refund-r1', from: '@customer:c-42', data: { days_since_purchase: 20 } },
      ),
    });
    expect(jsonLines(refund.stdout).at(-1)).toMatchObject({ state: '#refunded_in_part', context: { refund_amount: 40 } });
  });

  it('run: the shop replies with the new order id; the README session of document-approval', async () => {
    const shop = await cli(['run', join(EXAMPLES, 'shop'), '--seed', '1'], {
      stdin: lines({ event: ':place_order', to: '@order', data: { items: [{ sku: 'tea', qty: 2, price: 4.5 }] } }),
    });
    const [placed] = jsonLines(shop.stdout) as [{ reply: { status: number; body: Record<string, unknown> } }];
    expect(placed.reply).toEqual({ status: 201, body: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), total: 9, status: 'awaiting_payment' } });
    const approvals = ['@reviewer:rev-ana', '@reviewer:rev-ana', '@reviewer:rev-ben'].map((from) => ({ event: ':approve', to: '@document', aggregate_id: 'document-d1', from }));
    const run = await cli(['run', join(EXAMPLES, 'document-approval'), '--format', 'pretty'], {
      stdin: lines({ event: ':submit', to: '@document', aggregate_id: 'document-d1', from: '@author:ada' }, ...approvals),
    });
    expect(run.stdout).toBe(
      [
        '✓ :submit → document-d1  #in_review  (seq 1)',
        '✓ :approve → document-d1  #awaiting_final_approval  (seq 2)',
        '✓ :approve → document-d1  #awaiting_final_approval  (seq 3)',
        '✓ :approve → document-d1  #approved  (seq 4)',
        '',
      ].join('\n'),
    );
  });
});
