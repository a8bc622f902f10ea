import { describe, expect, test } from 'vitest';
import { formatDiagnostic } from './format.ts';
import { parse } from './parser.ts';
import { checkRunnable } from './runnable.ts';

function render(text: string): string[] {
  const { ast } = parse(text, 'snippet.flow');
  return checkRunnable(ast).map((d) => formatDiagnostic(d, text));
}

describe('checkRunnable', () => {
  test('a scenario without machine: (as the guides show it) is an error with a hint, not a machine named ""', () => {
    expect(render('scenario: complete purchase\n\n  on :checkout from @customer (api)\n    order moves to #paid\n')).toEqual([
      [
        "snippet.flow:1:1: error: Expected 'machine: @name' before this scenario, found none.",
        '  1 | scenario: complete purchase',
        '    | ^',
        "  Hint: start the file with a line naming the machine, e.g. 'machine: @order' (the guides often show handlers without it)",
      ].join('\n'),
    ]);
  });

  test('bare handlers, and guard lines outside any handler', () => {
    expect(render('on :timer_expired from @system\n  light moves to #green\n').map((r) => r.split('\n')[0])).toEqual([
      "snippet.flow:1:1: error: Expected 'machine: @name' before these handlers, found none.",
    ]);
    expect(render('? light is in #red\n  light moves to #green\n').map((r) => r.split('\n').slice(0, 1).concat(r.split('\n').slice(-1)))).toEqual([
      [
        "snippet.flow:1:1: error: Expected these lines inside a handler ('on :event') of a machine, found them at the top of the file.",
        "  Hint: put them under 'on :event' and start the file with a line naming the machine, e.g. 'machine: @order' (the guides often show handlers without it)",
      ],
    ]);
  });

  test('a file with machine: has nothing to report', () => {
    expect(render('machine: @light\n  on :tick from @system\n    light moves to #green\n')).toEqual([]);
  });
});
