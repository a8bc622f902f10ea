import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKOUT_FLOWS, REPO_ROOT, cli, tempFlows } from './test-support/cli.ts';

describe('eventflow (commander wiring)', () => {
  it('--version prints the banner', async () => {
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: 'EventFlow v0.1.0\n', stderr: '' });
  });

  it('--help works at the top and on every command', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['check', 'test', 'run', 'inspect', 'bindings:missing']) expect(top.stdout).toContain(`  ${command} `);
    const test = await cli(['test', '--help']);
    expect(test.code).toBe(0);
    expect(test.stdout).toMatch(/^Usage: eventflow test \[options\] <paths\.\.\.>/);
    for (const flag of ['--scenario', '--filter', '--format', '--coverage', '--verbose', '--strict', '--bindings']) expect(test.stdout).toContain(flag);
    expect((await cli(['inspect', '--help'])).stdout).toContain('--at <seq>');
  });

  it('usage mistakes exit 2: no command, an unknown command, a missing argument', async () => {
    expect((await cli([])).code).toBe(2);
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: unknown command 'frobnicate'");
    const missing = await cli(['check']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error: missing required argument 'paths'");
  });

  it('colours only when asked: FORCE_COLOR on, NO_COLOR off, else a TTY', async () => {
    const dir = tempFlows({ 'lamp.flow': 'machine: @lamp\n\n  on :press\n    lamp moves to #on\n' });
    expect((await cli(['check', '.'], { cwd: dir })).stdout).toBe('✓ 1 file checked, no problems\n');
    expect((await cli(['check', '.'], { cwd: dir, env: { FORCE_COLOR: '1' } })).stdout).toBe('\u001b[32m✓ 1 file checked, no problems\u001b[39m\n');
    expect((await cli(['check', '.'], { cwd: dir, env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout).toBe('✓ 1 file checked, no problems\n');
  });

  it('the real binary runs under node (through tsx, no build needed) and sets the exit code', () => {
    const tsx = join(REPO_ROOT, 'node_modules/.bin/tsx');
    const bin = join(REPO_ROOT, 'packages/cli/src/bin.ts');
    const version = spawnSync(tsx, ['--conditions=source', bin, '--version'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(version.stdout).toBe('EventFlow v0.1.0\n');
    expect(version.status).toBe(0);
    const run = spawnSync(tsx, ['--conditions=source', bin, 'run', join(CHECKOUT_FLOWS, 'order.flow')], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      input: '{"event": ":cancel_order", "to": "@order"}\n',
      timeout: 60_000,
    });
    expect(run.stdout).toMatch(/^\{"ok":false,"event":":cancel_order","error":\{"code":"ROUTING_ERROR"/);
    expect(run.status).toBe(1);
  }, 120_000);
});
