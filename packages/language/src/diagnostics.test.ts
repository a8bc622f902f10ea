import { describe, expect, test } from 'vitest';
import { formatDiagnostic, formatDiagnostics } from './format.ts';
import { parse } from './parser.ts';
import { Source } from './source.ts';
import { isFlowSyntaxError } from './syntax-error.ts';
import { parseOrThrow } from './standalone.ts';
import { isEventFlowError } from './errors.ts';

function render(text: string, name = 'order.flow'): string {
  const source = new Source(text, name);
  return formatDiagnostics(parse(source).diagnostics, source);
}

describe('rendered diagnostics', () => {
  test('event name missing after on', () => {
    const text = ['machine: @order', '', 'scenario: checkout', '', '  on @customer', '    order moves to #paid'].join('\n');
    expect(render(text)).toBe(
      [
        "order.flow:5:6: error: Expected an event name after 'on', found '@customer'.",
        '  5 |   on @customer',
        '    |      ^^^^^^^^^',
      ].join('\n'),
    );
  });

  test('gutter widens with the line number', () => {
    const text = `${'// filler\n'.repeat(11)}on :e\n  emit :x to customer`;
    expect(render(text)).toBe(
      [
        "order.flow:13:14: error: Expected a target machine after 'to', found 'customer'.",
        '  13 |   emit :x to customer',
        '     |              ^^^^^^^^',
      ].join('\n'),
    );
  });

  test('several errors in one file are all reported, in order', () => {
    const text = [
      'machine: @order',
      'on :checkout from @customer (api) (api)',
      '  emit :x',
      '  $total becomes',
      '  ? $a and',
      '    x',
      'on :pay (public)',
      '  reply ok',
      'on :ship',
      '\tship it',
    ].join('\n');
    expect(render(text)).toBe(
      [
        "order.flow:2:35: error: Repeated modifier '(api)'.",
        '  2 | on :checkout from @customer (api) (api)',
        '    |                                   ^^^^^',
        "order.flow:3:10: error: Expected 'to' after the event name, found end of line.",
        '  3 |   emit :x',
        '    |          ^',
        'order.flow:4:17: error: Expected an expression, found end of line.',
        '  4 |   $total becomes',
        '    |                 ^',
        'order.flow:5:11: error: Expected a condition, found end of line.',
        '  5 |   ? $a and',
        '    |           ^',
        "order.flow:7:10: error: Expected 'api', 'queued api' or 'priority' in a modifier, found 'public'.",
        '  7 | on :pay (public)',
        '    |          ^^^^^^',
        'order.flow:10:1: error: Expected spaces for indentation, found a tab.',
        '  10 | \tship it',
        '     | ^',
      ].join('\n'),
    );
  });

  test('a tab before the caret is kept so the caret lines up', () => {
    const d = { code: 'x', severity: 'warning' as const, message: 'Careful.', loc: { file: 'a.flow', line: 1, column: 3 }, length: 2 };
    expect(formatDiagnostic(d, '\tab cd')).toBe(['a.flow:1:3: warning: Careful.', '  1 | \tab cd', '    | \t ^^'].join('\n'));
  });

  test('unterminated string and block comment', () => {
    expect(render('on :e\n  reply 200 with:\n    | a | "open |\n/* never closed\n', 'x.flow')).toBe(
      [
        `x.flow:3:11: error: Expected '"' to close the string, found end of line.`,
        '  3 |     | a | "open |',
        '    |           ^',
        "x.flow:4:1: error: Expected '*/' to close the block comment, found end of file.",
        '  4 | /* never closed',
        '    | ^^',
      ].join('\n'),
    );
  });

  test('parseOrThrow throws FlowSyntaxError with every diagnostic in its message', () => {
    const text = 'on @x\n  a\non :e\n  emit :y';
    let caught: unknown;
    try {
      parseOrThrow(text, 'bad.flow');
    } catch (error) {
      caught = error;
    }
    expect(isFlowSyntaxError(caught)).toBe(true);
    expect(isEventFlowError(caught)).toBe(true);
    const e = caught as { code: string; message: string; diagnostics: unknown[] };
    expect(e.code).toBe('SYNTAX_ERROR');
    expect(e.diagnostics).toHaveLength(2);
    expect(e.message).toBe(
      [
        "bad.flow:1:4: error: Expected an event name after 'on', found '@x'.",
        '  1 | on @x',
        '    |    ^^',
        "bad.flow:4:10: error: Expected 'to' after the event name, found end of line.",
        '  4 |   emit :y',
        '    |          ^',
      ].join('\n'),
    );
  });

  test('parseOrThrow includes check errors and passes warnings', () => {
    expect(() => parseOrThrow('on :e\n  otherwise\n    x')).toThrow(/Expected a guard chain before this else branch/);
    expect(parseOrThrow('on> :e (api)\n  x').machines).toHaveLength(1);
    expect(parseOrThrow('on :e\n  otherwise\n    x', 'a.flow', { check: false }).machines).toHaveLength(1);
  });

  test('unexpected lines after a machine header', () => {
    expect(render('machine: @m\nsomething odd\n  child\non :e\n  x')).toBe(
      [
        "order.flow:2:1: error: Expected 'on :event', 'scenario:' or 'machine:', found 'something'.",
        '  2 | something odd',
        '    | ^^^^^^^^^',
      ].join('\n'),
    );
  });
});
