import { describe, expect, test } from 'vitest';
import { parse } from './parser.ts';
import { print } from './printer.ts';
import { fixture } from './test-support/fixtures.ts';
import { stripLocations } from './test-support/strip-locations.ts';

function reprint(text: string): string {
  return print(parse(text, 'p.flow').ast);
}

describe('print', () => {
  test('canonical layout: 2-space indents, (api), with on its own line, padded tables', () => {
    const text = [
      'system:   library lending',
      'machine: @loan',
      'scenario: lend',
      'on> :borrow from @member',
      '    loan moves to #awaiting_copy',
      '    emit :reserve_copy to @catalog with $book_id',
      '    reply 202 accepted with:',
      '      | book_id | $book_id |',
      '      | status | current_state |',
      'on :sync (api)  (priority high)',
      '    ?   $a>1   and not(card is valid)',
      '        $n increases by 1',
      '    ?',
      '        $n decreases by 1',
    ].join('\n');
    expect(reprint(text)).toBe(
      [
        'system: library lending',
        '',
        'machine: @loan',
        '',
        '  scenario: lend',
        '',
        '    on> :borrow from @member',
        '      loan moves to #awaiting_copy',
        '      emit :reserve_copy to @catalog',
        '        with $book_id',
        '      reply 202 accepted with:',
        '        | book_id | $book_id      |',
        '        | status  | current_state |',
        '',
        '    on :sync (api) (priority high)',
        '      ? $a > 1 and not card is valid',
        '        $n increases by 1',
        '      ?',
        '        $n decreases by 1',
        '',
      ].join('\n'),
    );
  });

  test('§3.6.7: the gate keeps its blank line, else spelling is kept', () => {
    expect(reprint(fixture('return-book.flow'))).toBe(
      [
        'machine: @loan',
        '',
        '  on :return_book from @member (api)',
        '    ? loan is in #on_loan',
        '',
        '    ? $days_late > 30',
        '      $fine becomes 20',
        '      loan moves to #closed_with_fine',
        '    ? $days_late > 0',
        '    ?? member is flagged',
        '      $fine becomes 5',
        '      loan moves to #closed_with_fine',
        '    otherwise',
        '      loan moves to #closed',
        '',
      ].join('\n'),
    );
  });

  test('branches written with blank lines between them print as one chain; a gate keeps its blank line', () => {
    const text = 'on :e\n  ? a holds\n    x\n\n  ? b holds\n    y\n\n  ? c holds\n\n  ? d holds\n    z';
    const ast = parse(text).ast;
    expect(print(ast)).toBe('on :e\n  ? a holds\n    x\n  ? b holds\n    y\n\n  ? c holds\n\n  ? d holds\n    z\n');
    expect(stripLocations(parse(print(ast)).ast)).toEqual(stripLocations(ast));
  });

  test('test files, assume scopes and called-with lines', () => {
    const text = [
      'test: @shop',
      'for scenario: checkout',
      '  for :pay to @payment:',
      '    declined:',
      '      assume:',
      '        in :pay',
      '          charge card throws "declined"',
      '        ? fraud suspected = false',
      '      = charge card was called with:',
      '        amount: 5',
    ].join('\n');
    expect(reprint(text)).toBe(
      [
        'test: @shop',
        '',
        '  for scenario: checkout',
        '',
        '    for :pay to @payment:',
        '      declined:',
        '        assume:',
        '          in :pay',
        '            charge card throws "declined"',
        '          ? fraud suspected = false',
        '        = charge card was called with:',
        '          amount: 5',
        '',
      ].join('\n'),
    );
  });

  test.each(['loan.flow', 'library.flow', 'return-book.flow', 'holds.flow', 'loan.test.flow', 'library.test.flow'])('%s round-trips and printing is idempotent', (name) => {
    const ast = parse(fixture(name), name).ast;
    const printed = print(ast);
    expect(stripLocations(parse(printed, name).ast)).toEqual(stripLocations(ast));
    expect(print(parse(printed, name).ast)).toBe(printed);
  });
});

/** Parses `source` (no errors), prints it, and checks the printed text parses to the same tree; returns it. */
function roundTrip(source: string): string {
  const { ast, diagnostics } = parse(source, 'case.flow');
  expect(diagnostics).toEqual([]);
  const printed = print(ast);
  const again = parse(printed, 'case.flow');
  expect(again.diagnostics).toEqual([]);
  expect(stripLocations(again.ast)).toEqual(stripLocations(ast));
  return printed;
}

// Cases the round-trip properties found (fast-check seeds in the names).
describe('printed text parses back to the same tree', () => {
  test('a string holding DEL (U+007F) prints escaped: the lexer refuses it raw even in strings (seed 295)', () => {
    expect(roundTrip('machine: @m\n  on :go from @u (api)\n    $note becomes "a\\u007fb"\n')).toContain('"a\\u007fb"');
  });

  test('a reply table without rows keeps its header row (seed 1019)', () => {
    expect(roundTrip('reply 201 created with:\n  | field | value |')).toContain('| field | value |');
  });

  test('a response without rows prints as its name alone: its table has no header row (seed 2011)', () => {
    expect(roundTrip('responses:\n  summary:')).not.toContain('|');
  });

  test("a 'was called with:' assertion keeps its 'with:' without pairs under it (seed 1054)", () => {
    expect(roundTrip('expect:\n  = send email was called with:')).toContain('= send email was called with:');
  });
});
