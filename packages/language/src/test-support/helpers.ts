// Test helpers: parse one handler body or one line and return the interesting node.

import { expect } from 'vitest';
import type { Assertion, FlowFile, GivenLine, Handler, Statement } from '../ast.ts';
import type { Diagnostic } from '../diagnostic.ts';
import { parse } from '../parser.ts';
import { stripLocations } from './strip-locations.ts';

/** Parses and asserts there are no error diagnostics. */
export function parseClean(text: string, name = 'test.flow'): FlowFile {
  const { ast, diagnostics } = parse(text, name);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return ast;
}

export function handlers(ast: FlowFile): Handler[] {
  return ast.machines.flatMap((m) => m.scenarios.flatMap((s) => [...s.handlers]));
}

/** The body (without locations) of a single handler written around `lines`. */
export function body(...lines: string[]): Statement[] {
  const ast = parseClean(['on :e', ...lines.map((l) => `  ${l}`)].join('\n'));
  return stripLocations([...(handlers(ast)[0] as Handler).body]);
}

/** The only statement of a one-statement body. */
export function statement(...lines: string[]): Statement {
  const [only, ...rest] = body(...lines);
  expect(rest).toEqual([]);
  return only as Statement;
}

/** One `= ...` assertion (plus indented lines) in a handler's expect block. */
export function assertion(...lines: string[]): Assertion {
  const ast = parseClean(['on :e', '  expect:', ...lines.map((l) => `    ${l}`)].join('\n'));
  const all = stripLocations([...(handlers(ast)[0] as Handler).expect]);
  expect(all).toHaveLength(1);
  return all[0] as Assertion;
}

/** One given line (plus indented lines) in a handler's given block. */
export function given(...lines: string[]): GivenLine {
  const ast = parseClean(['on :e', '  given:', ...lines.map((l) => `    ${l}`)].join('\n'));
  const all = stripLocations([...(handlers(ast)[0] as Handler).given]);
  expect(all).toHaveLength(1);
  return all[0] as GivenLine;
}

export function errors(text: string): Diagnostic[] {
  return parse(text, 'test.flow').diagnostics.filter((d) => d.severity === 'error');
}

export function codes(text: string): string[] {
  return parse(text, 'test.flow').diagnostics.map((d) => d.code);
}
