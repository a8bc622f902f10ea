// Error messages that name what to bind and how.
import { describe, expect, test } from 'vitest';
import { bindingCall, MissingBindingError } from './errors.ts';

describe('registration hints name the real builder call', () => {
  test.each([
    ['guard', 'card is valid', "b.guard('card is valid', (ctx) => ...)"],
    ['action', 'print loan slip', "b.action('print loan slip', (ctx) => ...)"],
    ['given', "@member's card is 'gold'", "b.given('@member\\'s card is \\'gold\\'', (ctx) => ...)"],
    ['assertion', 'payment was processed', "b.assert('payment was processed', (ctx) => ...)"],
    ['function', 'already_approved_by()', "b.fn('already_approved_by', (ctx, ...args) => ...)"],
    ['transformer', 'summary', "b.transformer('summary', (ctx) => ...)"],
    ['rule', 'valid isbn', "b.rule('valid isbn', (value) => true)"],
  ] as const)('%s', (kind, text, call) => {
    expect(bindingCall(kind, text)).toBe(call);
  });

  test('a missing function binding hints b.fn, never b.function', () => {
    const error = new MissingBindingError('function', 'already_approved_by()', '@document');
    expect(error.message).toBe("No binding found for function 'already_approved_by()' (@document)");
    expect(error.hint).toBe("Register one: defineBindings('@machine', (b) => b.fn('already_approved_by', (ctx, ...args) => ...))");
  });
});
