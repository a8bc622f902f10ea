// Building a system definition from parsed .flow files.
import { parse } from '@eventflow/language';
import { describe, expect, test } from 'vitest';
import { defineSystem } from './definition.ts';

describe('defineSystem', () => {
  test('handlers without machine: are refused with their file:line:col and a hint, not run as machine ""', () => {
    const { ast } = parse('scenario: complete purchase\n  on :checkout from @customer (api)\n    order moves to #paid\n', 'purchase.flow');
    expect(() => defineSystem([ast])).toThrow(
      expect.objectContaining({
        code: 'DEFINITION_ERROR',
        message: "purchase.flow:1:1: Expected 'machine: @name' before these handlers, found none.",
        hint: "Start the file with a line naming the machine, e.g. 'machine: @order'.",
      }),
    );
  });
});
