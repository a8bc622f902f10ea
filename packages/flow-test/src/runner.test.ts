// The runner on the reference's own examples (LANGUAGE.md §3.5.5, §5, §6.4, §6.5).
import { defineBindings } from '@eventflow/core';
import { parseOrThrow } from '@eventflow/language';
import { describe, expect, test } from 'vitest';
import { createSuite, formatPretty, runFlowTests } from './index.ts';

const loan = `
machine: @loan

scenario: borrow a book

  on :borrow from @member (api)
    ? book is available
      $due_date becomes now()
      loan moves to #active
      print loan slip
      emit :reserve_copy to @catalog
        with $book_id
    otherwise
      emit :borrow_refused to @member

  on :copy_reserved from @catalog
    loan moves to #on_loan

  on :no_copy from @catalog
    loan moves to #refused

  expect:
    = loan is in #on_loan
`;

const loanTests = `
test: @loan

  for scenario: borrow a book

    for :borrow:
      book unavailable:
        with scenario:
          book is checked out
        assume:
          ? book is available = false
        = @member received :borrow_refused
        = loan is not in #active

    catalog has no copy:
      after :borrow
      receive :no_copy from @catalog
      = loan is in #refused

    second try succeeds:
      after :borrow
      receive :no_copy from @catalog
      then :copy_reserved from @catalog
      = loan is in #on_loan
`;

const available = [defineBindings('@loan', (b) => b.guard('book is available', () => true))];

describe('happy path and variations of one machine', () => {
  test('walks the happy path, skips the alternative reply, runs every variation', async () => {
    const suite = createSuite([parseOrThrow(loan, 'loan.flow'), parseOrThrow(loanTests, 'loan.test.flow')], available);
    const report = await runFlowTests(suite);
    const text = formatPretty(report).replace(/\(\d+ms\)/g, '(Tms)');
    expect(text).toContain('@loan / borrow a book');
    expect(text).toContain('  happy path\n    ✓ borrow → active (Tms)\n    ✓ copy_reserved → on_loan (Tms)\n    ✓ scenario expectations (Tms)');
    expect(text).toContain('  :borrow variations\n    ✓ book unavailable (Tms)');
    expect(text).toContain('  :no_copy variations\n    ✓ catalog has no copy (Tms)\n    ✓ second try succeeds (Tms)');
    expect(report).toMatchObject({ passed: 6, failed: 0 });
    expect(report.coverage.states.covered).toEqual(expect.arrayContaining(['#idle', '#active', '#on_loan', '#refused']));
  });

  test('a missing guard binding fails the step with the documented message', async () => {
    const report = await runFlowTests(createSuite([parseOrThrow(loan, 'loan.flow')]));
    const step = report.suites[0]?.groups[0]?.tests[0];
    expect(step?.status).toBe('failed');
    expect(step?.error).toContain("No binding found for guard 'book is available' (loan.flow:7)");
    expect(report.suites[0]?.groups[0]?.tests.at(-1)?.error).toBe('Not reached: an earlier step failed');
  });

  test('a failing assertion names what it found and where it was written', async () => {
    const wrong = loan.replace('= loan is in #on_loan', '= loan is in #returned');
    const report = await runFlowTests(createSuite([parseOrThrow(wrong, 'loan.flow')], available));
    const last = report.suites[0]?.groups[0]?.tests.at(-1);
    expect(last?.error).toBe('Expected loan is in #returned, but it is in #on_loan (history: #active → #on_loan) (loan.flow:23)');
    expect(report.failed).toBe(1);
  });
});

const library = `
system: library lending

machine: @loan
  scenario: lend
    on :borrow from @member (api)
      loan moves to #awaiting_copy
      emit :reserve_copy to @catalog
        with $book_id
      reply 202 accepted with:
        | book_id | $book_id      |
        | status  | current_state |

    on :copy_reserved from @catalog
      loan moves to #on_loan

    on :no_copy from @catalog
      loan moves to #refused

    expect:
      = loan is in #on_loan
      = reply status is 202

machine: @catalog
  scenario: reserve
    on :reserve_copy from @loan
      ? copy is on shelf
        catalog moves to #held
        emit :copy_reserved to @loan
      otherwise
        emit :no_copy to @loan
`;

const libraryTests = `
test: system library lending
  for scenario: lend
    for :reserve_copy to @catalog:
      shelf empty:
        assume:
          ? copy is on shelf = false
        = @loan received :no_copy
        = loan is in #refused
`;

describe('system tests', () => {
  test('a system scenario runs across machines; a variation forces another machine down its other branch', async () => {
    const onShelf = [defineBindings('@catalog', (b) => b.guard('copy is on shelf', () => true))];
    const suite = createSuite([parseOrThrow(library, 'library.flow'), parseOrThrow(libraryTests, 'library.test.flow')], onShelf);
    const report = await runFlowTests(suite);
    const text = formatPretty(report).replace(/\(\d+ms\)/g, '(Tms)');
    expect(text).toContain('@loan / lend');
    expect(text).toContain('    ✓ borrow → awaiting_copy (Tms)\n    ✓ copy_reserved → on_loan (Tms)\n    ✓ scenario expectations (Tms)');
    expect(text).toContain('  :reserve_copy variations\n    ✓ shelf empty (Tms)');
    expect(report.failed).toBe(0);
  });
});
