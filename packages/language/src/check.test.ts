import { describe, expect, test } from 'vitest';
import { check } from './check.ts';
import { parse } from './parser.ts';

function checked(text: string): [string, string, string, number][] {
  return check(parse(text, 'c.flow').ast).map((d) => [d.code, d.severity, d.message, d.loc.line]);
}

describe('check', () => {
  test('duplicate handlers with identical bodies are fine; different bodies conflict', () => {
    const same = ['machine: @m', 'scenario: a', '  on :e from @x', '    go', 'scenario: b', '  given:', '    $n is 1', '  on :e from @x', '    go'];
    expect(checked(same.join('\n'))).toEqual([]);
    const different = [...same.slice(0, -1), '    stop'];
    expect(checked(different.join('\n'))).toEqual([['conflicting-handlers', 'error', 'conflicting handler definitions for :e from @x', 8]]);
    expect(checked('on :e\n  a\non :e\n  b')).toEqual([['conflicting-handlers', 'error', 'conflicting handler definitions for :e', 3]]);
    expect(checked('on :e from @a\n  a\non :e from @b\n  b')).toEqual([]);
  });

  test('triggered: needs for each; bare guards under triggered are errors', () => {
    expect(checked('on :sweep\n  triggered: every hour\n  ? order is in #pending\n    x')).toEqual([
      ['triggered-without-for-each', 'error', "A 'triggered:' handler needs a 'for each … in #state' block.", 1],
      ['guard-under-triggered', 'error', "Expected guards under 'triggered:' to sit inside a 'for each' block, found a bare guard.", 3],
    ]);
    expect(checked('on :e\n  for each x in #a\n    y')).toEqual([['for-each-outside-triggered', 'error', "Expected 'for each' only in a 'triggered:' handler.", 2]]);
  });

  test('unknown named responses', () => {
    const text = 'machine: @m\n  responses:\n    summary:\n      | a | 1 |\n  on :e\n    reply 200 with summary\n    reply 200 with detail';
    expect(checked(text)).toEqual([['unknown-response', 'error', "Expected a response declared under 'responses:', found 'detail'.", 7]]);
  });

  test('else without a guard chain, also after a gate or a second else', () => {
    expect(checked('on :e\n  otherwise\n    x').map((d) => d[0])).toEqual(['else-without-guard']);
    expect(checked('on :e\n  ? a holds\n  otherwise\n    x').map((d) => d[0])).toEqual(['else-without-guard']);
    expect(checked('on :e\n  ? a holds\n    y\n  otherwise\n    x\n  ?\n    z').map((d) => d[0])).toEqual(['else-without-guard']);
  });

  test('a branch that repeats an earlier branch of its chain, blank lines between or not, is unreachable', () => {
    const chain = ['on :e', '  ? $days < 7', '    a', '', '  ? $days < 30', '    b', '', '  ? $days  <  7', '    c', '  otherwise', '    d'];
    expect(checked(chain.join('\n'))).toEqual([
      ['unreachable-branch', 'warning', 'This branch can never run: the branch at line 2 has the same guard and is tested first.', 8],
    ]);
    // Two chains (a plain statement between them) may test the same guard; so may a gate and a chain.
    expect(checked('on :e\n  ? a holds\n    x\n  log\n  ? a holds\n    y')).toEqual([]);
    expect(checked('on :e\n  ? a holds\n\n  ? a holds\n    y')).toEqual([]);
  });

  test('branches that only moved into one chain (blank lines between them) give no diagnostic', () => {
    expect(checked('on :e\n  ? light is in #red\n    light moves to #green\n\n  ? light is in #green\n    light moves to #red')).toEqual([]);
  });

  test('uppercase names warn', () => {
    expect(checked('machine: @Order\n  on :Pay from @Bank\n    order moves to #Paid')).toEqual([
      ['uppercase-name', 'warning', "Expected a lowercase name, found '@Order'.", 1],
      ['uppercase-name', 'warning', "Expected a lowercase name, found ':Pay'.", 2],
      ['uppercase-name', 'warning', "Expected a lowercase name, found '@Bank'.", 2],
      ['uppercase-name', 'warning', "Expected a lowercase name, found '#Paid'.", 3],
    ]);
  });
});
