// The bounds that keep any input cheap to parse: line length, bracket depth, table rows. Each is a
// diagnostic at file:line:col with the line and a caret, like every other; CR line endings are lines.
import { describe, expect, test } from 'vitest';
import { formatDiagnostics } from './format.ts';
import { MAX_FILE_TOKENS } from './context.ts';
import { MAX_LINE_LENGTH } from './lines.ts';
import { parse } from './parser.ts';
import { Source } from './source.ts';
import { MAX_TABLE_ROWS } from './tables.ts';
import { parseClean } from './test-support/helpers.ts';
import { stripLocations } from './test-support/strip-locations.ts';

function render(text: string): string {
  const source = new Source(text, 'big.flow');
  return formatDiagnostics(parse(source).diagnostics, source);
}

const FLOW = ['machine: @order', 'on :checkout from @customer (api)', '  ? $total > 100', '    order moves to #review', '  otherwise', '    order moves to #paid', ''];

describe('line endings', () => {
  test('CR-only and mixed line endings give the same tree as LF', () => {
    const lf = stripLocations(parseClean(FLOW.join('\n')));
    expect(stripLocations(parseClean(FLOW.join('\r')))).toEqual(lf);
    expect(stripLocations(parseClean(FLOW.map((line, i) => line + ['\n', '\r', '\r\n'][i % 3]).join('')))).toEqual(lf);
  });

  test('a diagnostic in a CR-only file names its line and shows it', () => {
    const text = ['machine: @order', 'on :checkout', '  emit :x to customer', ''].join('\r');
    expect(render(text)).toBe(
      [
        "big.flow:3:14: error: Expected a target machine after 'to', found 'customer'.",
        '  3 |   emit :x to customer',
        '    |              ^^^^^^^^',
      ].join('\n'),
    );
  });
});

describe('limits', () => {
  test(`a line longer than ${MAX_LINE_LENGTH} characters`, () => {
    const long = `  send ${'x'.repeat(MAX_LINE_LENGTH)}`;
    // The excerpt of a long line is a window around the column.
    expect(render(`on :e\n${long}\n`)).toBe(
      [
        `big.flow:2:${MAX_LINE_LENGTH + 1}: error: Expected at most ${MAX_LINE_LENGTH} characters on a line, found ${MAX_LINE_LENGTH + 7}.`,
        `  2 | ...${'x'.repeat(160)}`,
        `    | ${' '.repeat(156)}^`,
      ].join('\n'),
    );
    expect(parse(`on :e\n  send ${'x'.repeat(MAX_LINE_LENGTH - 7)}\n`).diagnostics).toEqual([]);
  });

  test('brackets nested deeper than 100, wherever they are, and exactly 100', () => {
    const line = `  ? ${'('.repeat(101)}$x${')'.repeat(101)}`;
    expect(render(`on :e\n${line}\n`)).toBe(
      ['big.flow:2:105: error: Nesting is too deep (more than 100 levels).', `  2 | ...${line.slice(48)}`, `    | ${' '.repeat(59)}^`].join('\n'),
    );
    expect(parse(`on :e\n  send ${'['.repeat(101)} in free text\n`).diagnostics.map((d) => [d.code, d.loc.column])).toEqual([['nesting-too-deep', 108]]);
    expect(parse(`on :e\n  $x becomes ${'['.repeat(100)}1${']'.repeat(100)}\n`).diagnostics).toEqual([]);
    expect(parse(`on :e\n  send "${'('.repeat(500)}"\n`).diagnostics).toEqual([]);
  });

  test(`a table of more than ${MAX_TABLE_ROWS} rows`, () => {
    const rows = Array.from({ length: MAX_TABLE_ROWS + 5 }, (_, n) => `    | f${n} | ${n} |`);
    const text = ['on :e from @c (api)', '  reply 200 with:', ...rows, ''].join('\n');
    expect(render(text)).toBe(
      [
        `big.flow:${MAX_TABLE_ROWS + 3}:5: error: Expected at most ${MAX_TABLE_ROWS} rows in a table, found more.`,
        `  ${MAX_TABLE_ROWS + 3} |     | f${MAX_TABLE_ROWS} | ${MAX_TABLE_ROWS} |`,
        `  ${' '.repeat(String(MAX_TABLE_ROWS + 3).length)} |     ^`,
      ].join('\n'),
    );
    const handler = parse(['on :e from @c (api)', '  reply 200 with:', ...rows.slice(0, MAX_TABLE_ROWS), ''].join('\n'));
    expect(handler.diagnostics).toEqual([]);
  });

  test(`a file of more than ${MAX_FILE_TOKENS} tokens (three more per line): the rest is reported once and not parsed`, () => {
    // `#s` is one token: four per line, after `machine: @order` (three tokens, six).
    const lines = Math.ceil(MAX_FILE_TOKENS / 4) + 10;
    const text = `machine: @order\n${'#s\n'.repeat(lines)}`;
    const source = new Source(text, 'big.flow');
    const { ast, diagnostics } = parse(source);
    const cut = Math.floor((MAX_FILE_TOKENS - 6) / 4) + 2;
    expect(formatDiagnostics(diagnostics, source)).toBe(
      [`big.flow:${cut}:1: error: Expected at most ${MAX_FILE_TOKENS} tokens in a file, found more; split it into several files.`, `  ${cut} | #s`, `  ${' '.repeat(String(cut).length)} | ^`].join('\n'),
    );
    expect(ast.machines[0]?.states).toHaveLength(cut - 2);
  });
});
