// Entry points besides `parse`: parseOrThrow, and condition / expression parsing of one string
// (assume keys, CLI arguments).

import type { Condition, Expr, FlowFile } from './ast.ts';
import { check } from './check.ts';
import { ParseContext, toDiagnostic } from './context.ts';
import { parseCondition as readCondition } from './conditions.ts';
import { Cursor } from './cursor.ts';
import { parseWholeExpr, type BareMode } from './expressions.ts';
import { scanLines } from './lines.ts';
import { parse } from './parser.ts';
import { Source, toSource } from './source.ts';
import { FlowSyntaxError } from './syntax-error.ts';

/** Options of `parseOrThrow`. */
export interface ParseOrThrowOptions {
  /** Also run `check` and throw on its errors (default true). */
  readonly check?: boolean;
}

/** Parses and checks a file; throws FlowSyntaxError (code SYNTAX_ERROR) listing every diagnostic if any is an error. */
export function parseOrThrow(source: Source | string, name?: string, options: ParseOrThrowOptions = {}): FlowFile {
  const src = toSource(source, name);
  const { ast, diagnostics } = parse(src);
  const all = options.check === false ? diagnostics : [...diagnostics, ...check(ast)];
  if (all.some((d) => d.severity === 'error')) {
    all.sort((a, b) => a.loc.line - b.loc.line || a.loc.column - b.loc.column);
    throw new FlowSyntaxError(all, src);
  }
  return ast;
}

/** Runs `read` over the single line `text`; lexical and parse errors throw FlowSyntaxError. */
function parseOneLine<T>(text: string, name: string, read: (c: Cursor) => T): T {
  const src = new Source(text.replace(/\r?\n/g, ' '), name);
  const scanned: { code: string; message: string; column: number; length: number }[] = [];
  const lines = scanLines(src, (code, message, _line, column, length) => scanned.push({ code, message, column, length }));
  const ctx = new ParseContext(name, lines);
  for (const s of scanned) ctx.add({ code: s.code, severity: 'error', message: s.message, loc: { file: name, line: 1, column: s.column }, length: s.length });
  if (ctx.diagnostics.length === 0) {
    try {
      if (ctx.blank(0)) throw ctx.expected('text', 0, undefined, 'expected-expression');
      return read(new Cursor(ctx, 0, ctx.tokens(0)));
    } catch (error) {
      ctx.add(toDiagnostic(error));
    }
  }
  throw new FlowSyntaxError(ctx.diagnostics, src);
}

/** A condition as written after `?` (natural text comes back as `{ kind: 'Text' }`). */
export function parseCondition(text: string): Condition {
  return parseOneLine(text, '<condition>', readCondition);
}

/** One expression (`$total * 2`, `{code: 500}`); bare words become `Word` unless mode is 'name'. */
export function parseExpression(text: string, mode: BareMode = 'word'): Expr {
  return parseOneLine(text, '<expression>', (c) => parseWholeExpr(c, mode));
}
