import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse } from './parser.ts';
import { printCondition, printExpr } from './print-expr.ts';
import { print } from './printer.ts';
import { parseCondition, parseExpression } from './standalone.ts';
import { conditionArb, exprArb, flowFileArb, flowTextArb } from './test-support/arbitraries.ts';
import { check } from './check.ts';
import { stripLocations } from './test-support/strip-locations.ts';

// Hundreds of generated files per property: seconds on an idle machine, far more on a shared one.
const GENEROUS = 120_000;

describe('printer properties', () => {
  test('parse(print(ast)).ast equals ast (ignoring loc) for generated files', () => {
    fc.assert(
      fc.property(flowFileArb, (ast) => {
        const text = print(ast);
        const { ast: again, diagnostics } = parse(text, 'gen.flow');
        expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(stripLocations(again)).toEqual(stripLocations(ast));
      }),
      { numRuns: 300 },
    );
  }, GENEROUS);

  test('printing is a fixed point: print(parse(print(ast))) === print(ast)', () => {
    fc.assert(
      fc.property(flowFileArb, (ast) => {
        const text = print(ast);
        expect(print(parse(text, 'gen.flow').ast)).toBe(text);
      }),
      { numRuns: 100 },
    );
  }, GENEROUS);

  test('any text: parse and check never throw; error-free files print back to the same tree', () => {
    fc.assert(
      fc.property(flowTextArb, (text) => {
        const { ast, diagnostics } = parse(text, 'fuzz.flow');
        const problems = check(ast);
        const printed = print(ast);
        const again = parse(printed, 'fuzz.flow');
        // Only files that parse and check without errors promise a round trip (an else without a
        // chain, which check() reports, may join a chain printed before it).
        if ([...diagnostics, ...problems].some((d) => d.severity === 'error')) return;
        expect(again.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(stripLocations(again.ast)).toEqual(stripLocations(ast));
      }),
      { numRuns: 500 },
    );
  }, GENEROUS);

  test('expressions round-trip through printExpr / parseExpression', () => {
    fc.assert(
      fc.property(exprArb('word', 3), (expr) => {
        expect(parseExpression(printExpr(expr))).toEqual(expr);
      }),
      { numRuns: 500 },
    );
  }, GENEROUS);

  test('conditions round-trip through printCondition / parseCondition', () => {
    fc.assert(
      fc.property(conditionArb(3), (condition) => {
        expect(parseCondition(printCondition(condition))).toEqual(condition);
      }),
      { numRuns: 500 },
    );
  }, GENEROUS);
});
