import { describe, expect, test } from 'vitest';
import { check } from './check.ts';
import { parse } from './parser.ts';
import { print } from './printer.ts';
import { parseCondition, parseExpression } from './standalone.ts';

function errorCodes(text: string): string[] {
  return parse(text, 'hostile.flow').diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
}

/** Deterministic pseudo-random bytes (no seed to keep: the content does not matter, only its shape). */
function garbage(length: number): string {
  let x = 0x2545f491;
  let out = '';
  const chunk: number[] = [];
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    chunk.push(x & 0xff);
    if (chunk.length === 4096) {
      out += String.fromCharCode(...chunk);
      chunk.length = 0;
    }
  }
  return out + String.fromCharCode(...chunk);
}

describe('hostile input gives diagnostics, never a hang or a crash', () => {
  test('indentation nested 10,000 deep', () => {
    const lines = ['on :e'];
    for (let d = 1; d <= 10_000; d++) lines.push(`${' '.repeat(d)}? level ${d} holds`);
    const { ast, diagnostics } = parse(lines.join('\n'));
    expect(diagnostics.map((d) => d.code)).toEqual(['nesting-too-deep']);
    expect(() => print(ast)).not.toThrow();
    expect(() => check(ast)).not.toThrow();
  });

  test('indentation 10,000 deep under an action', () => {
    const lines = ['on :e'];
    for (let d = 1; d <= 10_000; d++) lines.push(`${' '.repeat(d)}step ${d}`);
    expect(errorCodes(lines.join('\n'))).toEqual(['unexpected-indentation']);
  });

  test.each([
    ['parentheses', `on :e\n  ? ${'('.repeat(10_000)}$x${')'.repeat(10_000)}`],
    ['brackets', `on :e\n  $x becomes ${'['.repeat(10_000)}1${']'.repeat(10_000)}`],
    ['braces', `on :e\n  $x becomes ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}`],
    ['unclosed brackets', `on :e\n  $x becomes ${'['.repeat(10_000)}`],
    // Chains are limited by the line length too: 2,500 operators fit on a line.
    ['not chains', `on :e\n  ? ${'not '.repeat(2_500)}$x`],
    ['and chains', `on :e\n  ? ${'$x and '.repeat(2_500)}$x`],
    ['operator chains', `on :e\n  $x becomes ${'1 + '.repeat(2_500)}1`],
  ])('%s nested 10,000 deep (or as deep as a line holds)', (_name, text) => {
    expect(errorCodes(text)).toEqual(['nesting-too-deep']);
  });

  test('standalone helpers refuse deep nesting with a FlowSyntaxError', () => {
    expect(() => parseExpression('('.repeat(10_000))).toThrow(/Nesting is too deep/);
    expect(() => parseCondition(`${'not '.repeat(2_500)}$x`)).toThrow(/Nesting is too deep/);
  });

  test('a 10 MB file', () => {
    const handler = (n: number) =>
      `on :event_${n} from @customer (api)\n  order moves to #paid\n  ${'send a rather long confirmation email with all the details '.repeat(8)}\n\n`;
    const parts: string[] = ['machine: @order\n'];
    let size = 0;
    for (let n = 0; size < 10 * 1024 * 1024; n++) {
      const h = handler(n);
      parts.push(h);
      size += h.length;
    }
    parts.push('on @broken\n');
    const { ast, diagnostics } = parse(parts.join(''));
    expect(diagnostics.map((d) => d.code)).toEqual(['expected-event']);
    expect(ast.machines[0]?.scenarios[0]?.handlers.length).toBe(parts.length - 2);
  });

  test('10 MB of binary garbage', () => {
    const { diagnostics } = parse(garbage(10 * 1024 * 1024));
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.every((d) => d.severity === 'error')).toBe(true);
    expect(diagnostics.at(-1)?.code).toBe('too-many-errors');
  });

  test('NUL bytes', () => {
    expect(errorCodes('on :e\n  do\u0000it')).toEqual(['invalid-character']);
    expect(errorCodes('\u0000'.repeat(100_000))).toEqual(['invalid-character']);
  });

  test('unterminated strings and block comments', () => {
    expect(errorCodes(`on :e\n  $x becomes "${'a'.repeat(1_000_000)}`)).toEqual(['unterminated-string']);
    expect(errorCodes(`on :e\n  x\n/*${'\n'.repeat(100_000)}`)).toEqual(['unterminated-comment']);
    expect(() => parseExpression('"abc')).toThrow(/close the string/);
  });

  test('a very long single line', () => {
    expect(errorCodes(`on :e\n  emit :x to @m with ${'$a, '.repeat(200_000)}`)).toEqual(['line-too-long']);
  });
});

describe('names of built-in JavaScript properties are plain words', () => {
  test('`order constructor #paid` is a free-text action and `$x toString 1` a diagnostic, not a crash', () => {
    const { ast, diagnostics } = parse('machine: @order\n  on :go\n    order constructor #paid\n    $x toString 1\n', 'proto.flow');
    const body = ast.machines[0]?.scenarios[0]?.handlers[0]?.body ?? [];
    expect(body[0]).toMatchObject({ kind: 'Action', text: 'order constructor #paid' });
    expect(diagnostics.map((d) => [d.loc.line, d.severity])).toEqual([[4, 'error']]);
  });
});
