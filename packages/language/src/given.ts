// `given:` lines (§2.4, §6.2) and the variation blocks of test cases (`with scenario:`, `with event:`, ...).

import type { GivenLine, TypeName } from './ast.ts';
import { eachItem, type ParseContext } from './context.ts';
import { Cursor } from './cursor.ts';
import { tryWholeExpr } from './expressions.ts';
import { normalizeText } from './normalize.ts';
import { isTypeName, parseTableLines } from './tables.ts';
import type { Token } from './token.ts';

/** given_block body: the lines [from, to), one given_line each (tables belong to their line). */
export function parseGivenLines(ctx: ParseContext, from: number, to: number): GivenLine[] {
  const out: GivenLine[] = [];
  eachItem(ctx, from, to, (i, end) => out.push(parseGivenLine(ctx, i, end)));
  return out;
}

/** given_line = state_fact | var_fact | table_fact | field | custom_text — children are lines (i, end). */
export function parseGivenLine(ctx: ParseContext, i: number, end: number): GivenLine {
  const tokens = ctx.tokens(i);
  const text = normalizeText(ctx.lineText(i));
  const loc = ctx.loc(i);
  const last = tokens[tokens.length - 1] as Token;
  if (last.kind === 'punct' && last.text === ':' && tokens.length > 1) {
    const rows = parseTableLines(ctx, i + 1, end);
    if (end === i + 1) throw ctx.expected(`a table under '${text}'`, i, undefined, 'expected-table');
    const [header, ...rest] = rows.map((row) => row.cells.map((cell) => cell.text));
    return { kind: 'GivenTable', text: text.slice(0, -1).trimEnd(), header: header ?? [], rows: rest, loc };
  }
  for (let j = i + 1; j < end; j++) {
    if (!ctx.blank(j)) {
      ctx.report('unexpected-indentation', 'Expected no indented lines here, found an indented block.', j);
      break;
    }
  }
  return givenVar(ctx, i, tokens, text) ?? givenState(tokens, text, ctx, i) ?? givenField(ctx, i, tokens, text) ?? { kind: 'GivenText', text, loc };
}

/** var_fact = var [ ":" type ] ( "is" | "contains" ) expr */
function givenVar(ctx: ParseContext, i: number, tokens: Token[], text: string): GivenLine | undefined {
  const c = new Cursor(ctx, i, tokens);
  const v = c.next();
  if (v?.kind !== 'var') return undefined;
  let type: TypeName | undefined;
  if (c.eatPunct(':')) {
    const t = c.next();
    if (t?.kind !== 'word' || !isTypeName(t.text)) return undefined;
    type = t.text;
  }
  const op = c.next();
  if (op?.kind !== 'word' || (op.text !== 'is' && op.text !== 'contains')) return undefined;
  const value = tryWholeExpr(c, 'word');
  if (value === undefined) return undefined;
  const line = { kind: 'GivenVar' as const, variable: v.text.slice(1), op: op.text as 'is' | 'contains', value, text, loc: ctx.loc(i) };
  return type === undefined ? line : { ...line, type };
}

/** state_fact = subject "is in" state */
function givenState(tokens: Token[], text: string, ctx: ParseContext, i: number): GivenLine | undefined {
  const [subject, is, inWord, state] = tokens;
  if (
    tokens.length !== 4 ||
    (subject?.kind !== 'word' && subject?.kind !== 'actor') ||
    is?.text !== 'is' ||
    inWord?.text !== 'in' ||
    state?.kind !== 'state'
  ) {
    return undefined;
  }
  return { kind: 'GivenState', subject: subject.text, state: state.text, text, loc: ctx.loc(i) };
}

/** field = key ":" expr (used in `with event:`) */
function givenField(ctx: ParseContext, i: number, tokens: Token[], text: string): GivenLine | undefined {
  const [key, colon] = tokens;
  if (key?.kind !== 'word' || colon?.kind !== 'punct' || colon.text !== ':' || tokens.length < 3) return undefined;
  const value = tryWholeExpr(new Cursor(ctx, i, tokens, 2), 'word');
  return value === undefined ? undefined : { kind: 'GivenField', key: key.text, value, text, loc: ctx.loc(i) };
}
