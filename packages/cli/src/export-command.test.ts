import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKOUT_FLOWS, cli, tempFlows } from './test-support/cli.ts';

describe('eventflow export', () => {
  it('writes one offline page for the checkout system: diagrams, test results, coverage', async () => {
    const dir = tempFlows({});
    const run = await cli(['export', CHECKOUT_FLOWS, '--output', 'site'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^EventFlow v\d+\.\d+\.\d+\n\n {2}→ site\/checkout\.html \(5 machines, (\d+) passing\)\n$/);
    expect(readdirSync(join(dir, 'site'))).toEqual(['checkout.html']);
    const html = readFileSync(join(dir, 'site/checkout.html'), 'utf8');
    for (const id of ['lane_checkout', 'state_order', 'state_payment', 'state_bank', 'state_fraud', 'state_inventory']) {
      expect(html).toContain(`<figure class="ef-diagram" id="${id}">`);
    }
    const passing = /(\d+) passing/.exec(run.stdout)?.[1];
    expect(html).toContain(`✓ ${passing} passing`);
    expect(html).toContain('card declined');
    expect(html).toMatch(/<tr data-coverage="states"><th scope="row">States<\/th><td>(\d+)\/\1<\/td>/);
    expect(html).toMatch(/<tr data-coverage="guards"><th scope="row">Guards<\/th><td>\d+\/\d+<\/td>/);
    expect(html).not.toMatch(/<script[^>]+src=|<link\b|https?:\/\/(?!www\.w3\.org)/);
  });

  it('gives a machine no system uses its own page, with failing tests and uncovered states shown', async () => {
    const dir = tempFlows({
      'lamp.flow': 'machine: @lamp\n\nscenario: switch\n\n  on :press from @user (api)\n    lamp moves to #on\n\n  expect:\n    = lamp is in #off\n\nscenario: repair\n\n  on :fix from @user\n    lamp moves to #fixed\n',
    });
    const run = await cli(['export', '.', '--output', 'out'], { cwd: dir });
    expect(run.stdout).toContain('→ out/lamp.html (1 machine, 1 passing, 1 failing)');
    const html = readFileSync(join(dir, 'out/lamp.html'), 'utf8');
    expect(html).toContain('1 passing, 1 failing');
    expect(html).toMatch(/not covered:<\/span> #fixed/);
  });

  it('needs --output, and exports nothing from flows with errors', async () => {
    expect((await cli(['export', CHECKOUT_FLOWS])).code).toBe(2);
    const dir = tempFlows({ 'bad.flow': 'machine: @bad\n\n  on :go\n    emit :x to\n' });
    const run = await cli(['export', '.', '--output', 'out'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('bad.flow:4:15: error:');
  });
});
