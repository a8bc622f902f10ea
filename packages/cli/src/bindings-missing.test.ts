import { describe, expect, it } from 'vitest';
import { CHECKOUT_FLOWS, CORE_IMPORT, cli, tempFlows } from './test-support/cli.ts';

const LOAN = `machine: @loan

scenario: borrow a book

  given:
    @member is registered

  on :borrow from @member (api)
    ? book is available
    ? copy is on shelf
      loan moves to #active
      print loan slip
      notify librarian
    otherwise
      loan moves to #refused

  expect:
    = loan is in #active
    = loan slip was printed
`;

const BINDINGS = `import { defineBindings } from '${CORE_IMPORT}';

export default defineBindings('@loan', (b) => {
  b.guard('copy is on shelf', () => true);
  b.action('notify librarian', () => undefined);
});
`;

describe('eventflow bindings:missing', () => {
  it('lists unbound free text per machine in the documented layout and exits 1', async () => {
    const dir = tempFlows({ 'loan.flow': LOAN, 'loan.bindings.ts': BINDINGS });
    const run = await cli(['bindings:missing', 'loan.flow'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        'Missing bindings for @loan:',
        '',
        'Guards (1):',
        "  ✗ 'book is available'",
        '',
        'Actions (1):',
        "  ✗ 'print loan slip'",
        '',
        'Givens (1):',
        "  ✗ '@member is registered'",
        '',
        'Assertions (1):',
        "  ✗ 'loan slip was printed'",
        '',
        'Hint: register them in a bindings module (e.g. loan.bindings.ts):',
        "  export default defineBindings('@loan', (b) => {",
        "    b.guard('book is available', (ctx) => ...);",
        "    b.action('print loan slip', (ctx) => ...);",
        "    b.given('@member is registered', (ctx) => ...);",
        "    b.assert('loan slip was printed', (ctx) => ...);",
        '  });',
        '',
        '4 bindings missing',
        '',
      ].join('\n'),
    );
  });

  it('lists expression functions (? not already_approved_by(...)) with the b.fn call that binds them; no empty groups', async () => {
    const flow = [
      'machine: @document',
      '',
      '  on :approve from @reviewer (api)',
      '    ? not already_approved_by(@reviewer.id)',
      '      $approvals adds @reviewer.id',
      '      $stamp becomes stamp_for($approvals, now())',
      '',
    ].join('\n');
    const dir = tempFlows({ 'document.flow': flow });
    const run = await cli(['bindings:missing', '.'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        'Missing bindings for @document:',
        '',
        'Functions (2):',
        '  ✗ already_approved_by()',
        '  ✗ stamp_for()',
        '',
        'Hint: register them in a bindings module (e.g. document.bindings.ts):',
        "  export default defineBindings('@document', (b) => {",
        "    b.fn('already_approved_by', (ctx, ...args) => ...);",
        "    b.fn('stamp_for', (ctx, ...args) => ...);",
        '  });',
        '',
        '2 bindings missing',
        '',
      ].join('\n'),
    );
    const bindings = `import { defineBindings } from '${CORE_IMPORT}';\nexport default defineBindings('@document', (b) => b.fn('already_approved_by', () => false).fn('stamp_for', () => 'x'));\n`;
    const bound = await cli(['bindings:missing', '.'], { cwd: tempFlows({ 'document.flow': flow, 'document.bindings.mjs': bindings }) });
    expect(bound).toMatchObject({ code: 0, stdout: '✓ No bindings missing\n' });
  });

  it('without bindings everything free-text is missing; --bindings points at a module explicitly', async () => {
    const dir = tempFlows({ 'flows/loan.flow': LOAN, 'code/loan-bindings.mjs': BINDINGS });
    const bare = await cli(['bindings:missing', 'flows'], { cwd: dir });
    expect(bare.stdout).toContain("Guards (2):\n  ✗ 'book is available'\n  ✗ 'copy is on shelf'\n");
    expect(bare.stdout).toContain('6 bindings missing');
    const bound = await cli(['bindings:missing', 'flows', '--bindings', 'code/loan-bindings.mjs'], { cwd: dir });
    expect(bound.stdout).toContain('4 bindings missing');
  });

  it('the checkout app binds everything it needs (exit 0)', async () => {
    const run = await cli(['bindings:missing', CHECKOUT_FLOWS]);
    expect(run).toMatchObject({ code: 0, stdout: '✓ No bindings missing\n', stderr: '' });
  });

  it('a bindings module that exports something else is a usage error', async () => {
    const dir = tempFlows({ 'loan.flow': LOAN, 'loan.bindings.mjs': 'export default { nope: true };\n' });
    const run = await cli(['bindings:missing', '.'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/loan\.bindings\.mjs must default-export a BindingSet or an array of them/);
  });
});
