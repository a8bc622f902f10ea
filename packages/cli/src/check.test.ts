import { describe, expect, it } from 'vitest';
import { cli, tempFlows } from './test-support/cli.ts';

const GOOD = `machine: @lamp

scenario: switch

  on :press from @user (api)
    lamp moves to #on

  expect:
    = lamp is in #on
`;

describe('eventflow check', () => {
  it('renders every diagnostic with file:line:col, the source line and a caret, and exits 2', async () => {
    const dir = tempFlows({
      'good.flow': GOOD,
      'broken.flow': 'machine: @order\n\nscenario: broken\n\n  on :checkout from @customer (api)\n    emit :x to\n',
    });
    const run = await cli(['check', '.'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe(
      [
        "broken.flow:6:15: error: Expected a target machine after 'to', found end of line.",
        '  6 |     emit :x to',
        '    |               ^',
        '',
        '✗ 2 files checked: 1 error, 0 warnings',
        '',
      ].join('\n'),
    );
  });

  it('passes clean files; warnings fail only with --strict', async () => {
    const dir = tempFlows({ 'good.flow': GOOD, 'shout.flow': 'machine: @Shout\n\n  on :a\n    shout moves to #b\n' });
    const clean = await cli(['check', 'good.flow'], { cwd: dir });
    expect(clean).toMatchObject({ code: 0, stdout: '✓ 1 file checked, no problems\n' });
    const lenient = await cli(['check', '.'], { cwd: dir });
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain("shout.flow:1:1: warning: Expected a lowercase name, found '@Shout'.");
    expect(lenient.stdout).toContain('2 files checked: 0 errors, 1 warning');
    expect((await cli(['check', '.', '--strict'], { cwd: dir })).code).toBe(2);
  });

  it('follows uses: imports and reports a wrong actor and an import cycle at the uses line', async () => {
    const dir = tempFlows({
      'system.flow': 'system: shop\n\nuses:\n  @order from "./machines/order.flow"\n  @cart from "./machines/lamp.flow"\n',
      'machines/order.flow': 'system: inner\n\nuses:\n  @shop from "../system.flow"\n\nmachine: @order\n\n  on :go\n    order moves to #gone\n',
      'machines/lamp.flow': GOOD,
    });
    const run = await cli(['check', 'system.flow'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(
      ['system.flow:5:3: error: Expected "./machines/lamp.flow" to define machine @cart, found @lamp.', '  5 |   @cart from "./machines/lamp.flow"', '    |   ^'].join('\n'),
    );
    expect(run.stdout).toContain('error: Import cycle: system.flow → machines/order.flow → system.flow.');
  });

  it('snippets without machine: (as the guides show them) get a diagnostic with a hint in every command', async () => {
    const dir = tempFlows({
      'purchase.flow': 'scenario: complete purchase\n\n  on :checkout from @customer (api)\n    order moves to #paid\n',
      'light.flow': 'on :timer_expired from @system\n  light moves to #green\n',
    });
    const hint = "  Hint: start the file with a line naming the machine, e.g. 'machine: @order' (the guides often show handlers without it)";
    const check = await cli(['check', '.'], { cwd: dir });
    expect(check.code).toBe(2);
    expect(check.stdout).toBe(
      [
        "light.flow:1:1: error: Expected 'machine: @name' before these handlers, found none.",
        '  1 | on :timer_expired from @system',
        '    | ^',
        hint,
        '',
        "purchase.flow:1:1: error: Expected 'machine: @name' before this scenario, found none.",
        '  1 | scenario: complete purchase',
        '    | ^',
        hint,
        '',
        '✗ 2 files checked: 2 errors, 0 warnings',
        '',
      ].join('\n'),
    );
    for (const command of [['test', '.'], ['bindings:missing', '.'], ['run', 'purchase.flow']]) {
      const run = await cli(command, { cwd: dir, stdin: '{"event":":checkout","to":"@order"}\n' });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("purchase.flow:1:1: error: Expected 'machine: @name' before this scenario, found none.");
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/Machine {2}is|for :| \/ complete/);
    }
  });

  it('exits 2 with a message for a missing path', async () => {
    const run = await cli(['check', 'nowhere.flow'], { cwd: tempFlows({}) });
    expect(run).toMatchObject({ code: 2, stderr: 'error: No such file or directory: nowhere.flow\n' });
  });
});
