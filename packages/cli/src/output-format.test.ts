// One output flag for every command: `--format`, with `pretty` for people and `json` for programs
// (test adds junit, run streams JSON lines by default). Results on stdout, everything else on stderr.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKOUT_FLOWS, cli, jsonLines, tempFlows } from './test-support/cli.ts';

describe('--format', () => {
  it('is listed with its choices in the help of every command', async () => {
    const expected: Record<string, string> = {
      check: 'pretty (for people), json (for programs)',
      test: 'pretty (for people), json (for programs), junit (JUnit XML for CI)',
      run: 'json (for programs), pretty (for people)',
      inspect: 'pretty (for people), json (for programs)',
      'bindings:missing': 'pretty (for people), json (for programs)',
      diagram: "mermaid, svg, html (one self-contained page) (default: from --output's extension, else mermaid)",
      export: 'html (one self-contained page)',
    };
    for (const [command, choices] of Object.entries(expected)) {
      const help = (await cli([command, '--help'])).stdout.replace(/\s+/g, ' ');
      expect(help).toContain(`--format <format> output: ${choices}`);
    }
    expect((await cli(['check', '.', '--format', 'xml'])).stderr).toContain("error: option '--format <format>' argument 'xml' is invalid. Allowed choices are pretty, json.");
  });

  it('check --format json: counts and each diagnostic with file, line, column and hint', async () => {
    const dir = tempFlows({ 'snippet.flow': 'on :tick from @system\n  light moves to #green\n', 'shout.flow': 'machine: @Shout\n  on :a\n    shout moves to #b\n' });
    const run = await cli(['check', '.', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      files: 2,
      errors: 1,
      warnings: 1,
      diagnostics: [
        { file: 'shout.flow', line: 1, column: 1, severity: 'warning', code: 'uppercase-name', message: "Expected a lowercase name, found '@Shout'." },
        {
          file: 'snippet.flow',
          line: 1,
          column: 1,
          severity: 'error',
          code: 'missing-machine',
          message: "Expected 'machine: @name' before these handlers, found none.",
          hint: "start the file with a line naming the machine, e.g. 'machine: @order' (the guides often show handlers without it)",
        },
      ],
    });
  });

  it('bindings:missing --format json', async () => {
    const dir = tempFlows({ 'pay.flow': 'machine: @pay\n  on :go from @u (api)\n    ? card is valid\n      charge card\n' });
    const run = await cli(['bindings:missing', '.', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      total: 2,
      missing: [{ owner: '@pay', guards: ['card is valid'], actions: ['charge card'], givens: [], assertions: [], functions: [] }],
    });
  });

  it('inspect --format json is what --json was', async () => {
    const store = join(tempFlows({}), 'run.jsonl');
    await cli(['run', join(CHECKOUT_FLOWS, 'order.flow'), '--store', store], { stdin: '{"event":":checkout","to":"@order"}\n' });
    const listed = await cli(['inspect', '--store', store, '--format', 'json']);
    expect(jsonLines(listed.stdout)).toEqual([{ aggregate_id: expect.stringMatching(/^order-/), machine: '@order', state: '#processing', seq: 1 }]);
    expect((await cli(['inspect', '--store', store, '--json'])).stdout).toBe(listed.stdout);
  });
});
