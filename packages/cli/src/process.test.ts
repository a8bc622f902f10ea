// The real binary in a real process (through tsx, no build needed): a closed pipe, and bindings
// modules written in a folder that is not a `"type": "module"` package.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKOUT_FLOWS, CORE_IMPORT, REPO_ROOT, tempFlows } from './test-support/cli.ts';

const TSX = join(REPO_ROOT, 'node_modules/.bin/tsx');
const BIN = join(REPO_ROOT, 'packages/cli/src/bin.ts');
const EVENTFLOW = `'${TSX}' --conditions=source '${BIN}'`;

/** Runs a shell line; `statuses` are bash's PIPESTATUS, the exit status of each command of the pipe. */
function shell(line: string, cwd = REPO_ROOT): { stdout: string; stderr: string; statuses: number[] } {
  const done = spawnSync('bash', ['-c', `${line}; echo "statuses: \${PIPESTATUS[*]}" >&2`], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
  const [stderr = '', statuses = ''] = done.stderr.split(/statuses: /);
  return { stdout: done.stdout, stderr, statuses: statuses.trim().split(' ').map(Number) };
}

const SHOP = `machine: @order

scenario: checkout flow

  on :checkout from @customer (api)
    order moves to #awaiting_payment
    emit :payment_request to @payment

  on :payment_success from @payment
    order moves to #paid

  expect:
    = order is in #paid

machine: @payment

  on :payment_request from @order
    ? card is valid
      emit :payment_success to @order
    otherwise
      emit :payment_failed to @order
`;

describe('the eventflow process', () => {
  it('a reader that closes the pipe early ends the run quietly with status 141, never "Error: write EPIPE"', () => {
    const events = join(tempFlows({}), 'events.jsonl');
    writeFileSync(events, `${Array.from({ length: 3000 }, () => JSON.stringify({ event: ':checkout', to: '@order', data: { total: 20 } })).join('\n')}\n`);
    const run = shell(`${EVENTFLOW} run '${CHECKOUT_FLOWS}' --events '${events}' | head -1`);
    expect(run.stdout).toMatch(/^\{"ok":true,"event":":checkout",/);
    expect(run.stdout.split('\n')).toHaveLength(2);
    expect(run.stderr).toBe('');
    expect(run.statuses).toEqual([141, 0]);
    const test = shell(`${EVENTFLOW} test '${CHECKOUT_FLOWS}' | head -1`);
    expect(test.stdout).toBe('EventFlow v0.1.0\n');
    expect(test.stderr).toBe('');
    expect([0, 141]).toContain(test.statuses[0]);
  }, 180_000);

  it('.ts bindings load from a folder outside any "type": "module" package', () => {
    const bindings = `import { defineBindings } from '${CORE_IMPORT}';\n\nexport default defineBindings('@payment', (b) => {\n  b.guard('card is valid', (ctx) => ctx.get('amount', 0) <= 5000);\n});\n`;
    const dir = tempFlows({ 'flows/shop.flow': SHOP, 'flows/payment.bindings.ts': bindings });
    const run = shell(`${EVENTFLOW} test flows`, dir);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('✓ 3 passing');
    expect(run.statuses).toEqual([0]);
  }, 120_000);

  it('a bindings module with a syntax error is shown at its file:line:col with a caret', () => {
    const broken = `import { defineBindings } from '${CORE_IMPORT}';\n\nexport default defineBindings('@payment', (b) => {\n  b.guard('card is valid', (ctx) => ctx.get('amount', 0) <= );\n});\n`;
    const dir = tempFlows({ 'flows/shop.flow': SHOP, 'flows/payment.bindings.ts': broken });
    const run = shell(`${EVENTFLOW} test flows`, dir);
    expect(run.stderr).toBe(
      [
        'error: Cannot load bindings module flows/payment.bindings.ts',
        'flows/payment.bindings.ts:4:61: error: Unexpected ")"',
        "  4 |   b.guard('card is valid', (ctx) => ctx.get('amount', 0) <= );",
        '    |                                                             ^',
        '',
      ].join('\n'),
    );
    expect(run.statuses).toEqual([2]);
  }, 120_000);
});
