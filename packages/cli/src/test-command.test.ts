import { describe, expect, it } from 'vitest';
import { CHECKOUT_FLOWS, cli, tempFlows } from './test-support/cli.ts';

const LAMP = `machine: @lamp

scenario: switch

  on :press from @user (api)
    lamp moves to #on

  expect:
    = lamp is in #on
`;

const LAMP_TESTS = `test: @lamp

  for scenario: switch

    for :press:
      still on:
        = lamp is in #on

      wrongly off:
        = lamp is in #off
`;

describe('eventflow test', () => {
  it('runs the checkout app: banner, loaded files, passing lines, exit 0', async () => {
    const run = await cli(['test', CHECKOUT_FLOWS]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual(['EventFlow v0.1.0', '', 'Loading flows...', '  → bank.flow (1 machine, 1 scenario)']);
    expect(lines).toContain('  → order.flow (1 machine, 2 scenarios)');
    expect(lines).toContain('  → order.test.flow (5 test variations)');
    expect(lines).toContain('  → system.flow (system checkout, uses 5 machines)');
    expect(lines).toContain('@order / checkout flow');
    expect(run.stdout).toMatch(/^ {4}✓ checkout → processing \(\d+ms\)$/m);
    expect(run.stdout).toMatch(/^ {4}✓ card declined \(\d+ms\)$/m);
    expect(run.stdout).toMatch(/^✓ \d+ passing \(\d+ms\)$/m);
    expect(run.stdout).not.toContain('✗');
  });

  it('exits 1 and shows the failing line with its reason', async () => {
    const dir = tempFlows({ 'lamp.flow': LAMP, 'lamp.test.flow': LAMP_TESTS });
    const run = await cli(['test', '.'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('  → lamp.test.flow (2 test variations)');
    expect(run.stdout).toMatch(/ {4}✓ still on \(\d+ms\)\n {4}✗ wrongly off \(\d+ms\)\n {6}Expected lamp is in #off, but it is in #on/);
    expect(run.stdout).toContain('3 passing, 1 failing');
  });

  it('loads the flow beside a .test.flow given alone, and honours --filter and --scenario', async () => {
    const dir = tempFlows({ 'lamp.flow': LAMP, 'lamp.test.flow': LAMP_TESTS });
    const filtered = await cli(['test', 'lamp.test.flow', '--filter=still'], { cwd: dir });
    expect(filtered.code).toBe(0);
    expect(filtered.stdout).toContain('  → lamp.flow (1 machine, 1 scenario)');
    expect(filtered.stdout).toContain('✓ 1 passing');
    const scenario = await cli(['test', '.', '--scenario', 'switch'], { cwd: dir });
    expect(scenario.stdout).toContain('1 failing');
  });

  it('--format=json prints only the report, as JSON', async () => {
    const run = await cli(['test', CHECKOUT_FLOWS, '--format=json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { passed: number; failed: number; suites: { title: string }[] };
    expect(report.failed).toBe(0);
    expect(report.passed).toBeGreaterThan(10);
    expect(report.suites.map((s) => s.title)).toContain('@order / checkout flow');
  });

  it('--format=junit prints XML with a testcase per test', async () => {
    const dir = tempFlows({ 'lamp.flow': LAMP, 'lamp.test.flow': LAMP_TESTS });
    const run = await cli(['test', '.', '--format', 'junit'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="4" failures="1"')).toBe(true);
    expect(run.stdout.match(/<testcase /g)).toHaveLength(4);
    expect(run.stdout).toContain('<testcase classname="@lamp / switch / :press variations" name="wrongly off"');
    expect(run.stdout).toContain('<failure message="Expected lamp is in #off, but it is in #on');
    expect(run.stdout.trimEnd().endsWith('</testsuites>')).toBe(true);
  });

  it('--coverage appends the coverage table', async () => {
    const run = await cli(['test', CHECKOUT_FLOWS, '--coverage']);
    expect(run.stdout).toMatch(/^Coverage:\n {2}States: +\d+\/\d+/m);
    expect(run.stdout).toContain('reserve_items');
  });

  it('exits 2 on a parse error, before running anything', async () => {
    const dir = tempFlows({ 'bad.flow': 'machine: @x\n\n  on :a\n    emit :b to\n' });
    const run = await cli(['test', '.'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("bad.flow:4:15: error: Expected a target machine after 'to', found end of line.");
    expect(run.stderr).toContain('✗ 1 error in the flows; no test ran');
  });

  it('rejects an unknown --format with exit 2', async () => {
    const run = await cli(['test', CHECKOUT_FLOWS, '--format=tap']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: option '--format <format>' argument 'tap' is invalid.");
  });
});
