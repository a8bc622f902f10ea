import { describe, expect, test } from 'vitest';
import { body, codes, parseClean } from './test-support/helpers.ts';

describe('lines, comments and indentation', () => {
  test('CRLF and LF give the same tree', () => {
    const lf = 'machine: @m\non :e\n  ? $a > 1\n    x\n';
    expect(parseClean(lf.replace(/\n/g, '\r\n'))).toEqual(parseClean(lf));
  });

  test('comment markers inside strings are text', () => {
    expect(body('$url becomes "http://x/*y*/"   // the real comment')).toEqual([
      { kind: 'ContextOp', variable: 'url', op: 'becomes', value: { kind: 'Literal', value: 'http://x/*y*/' } },
    ]);
  });

  test('block comments spanning lines, and a line left empty by comments is blank', () => {
    expect(body('first /* a', 'still comment */', 'second /* x */ part', '/* only */', 'third')).toEqual([
      { kind: 'Action', text: 'first' },
      { kind: 'Action', text: 'second part' },
      { kind: 'Action', text: 'third' },
    ]);
  });

  test('# never starts a comment', () => {
    expect(body('order moves to #paid')).toEqual([{ kind: 'Transition', subject: 'order', verb: 'moves to', state: '#paid' }]);
  });

  test('non-ASCII is fine in strings and comments, not elsewhere', () => {
    expect(body('$s becomes "café" // ☕')).toHaveLength(1);
    expect(codes('on :e\n  send café menu')).toEqual(['invalid-character']);
  });

  test('tabs in indentation', () => {
    expect(codes('on :e\n\tx')).toEqual(['tab-indentation']);
  });

  test('a byte-order mark is ignored', () => {
    expect(parseClean('\ufeffon :e\n  x').machines).toHaveLength(1);
  });
});
