// Section headers (§2.1): `system:`, `uses:`, `machine:`, `scenario:`, `responses:`, `test:`.

import type { KeyValue, NamedResponse, UsesLine } from './ast.ts';
import { eachItem, type ParseContext } from './context.ts';
import { Cursor } from './cursor.ts';
import { keyValueRow } from './emit.ts';
import { normalizeText } from './normalize.ts';
import { parseTableLines } from './tables.ts';
import type { Token } from './token.ts';

/** The free text after `keyword:` on line `i` ('' when missing, with a diagnostic). */
export function headerText(ctx: ParseContext, i: number, what: string): string {
  const colon = ctx.tokens(i).find((t) => t.kind === 'punct' && t.text === ':') as Token;
  const text = normalizeText(ctx.lineSlice(i, colon.end));
  if (text === '') ctx.reportAt('expected-name', `Expected ${what} after '${ctx.tokens(i)[0]?.text}:', found end of line.`, i, undefined);
  return text;
}

/** machine_decl = "machine:" actor */
export function parseMachineName(ctx: ParseContext, i: number): string {
  const c = new Cursor(ctx, i, ctx.tokens(i), 2);
  const name = c.peek();
  if (name?.kind !== 'actor' || name.text.includes('.') || c.end !== 3) {
    ctx.add(ctx.expected("a machine name like '@order' after 'machine:'", i, name?.kind === 'actor' ? c.peek(1) : name, 'expected-machine-name').diagnostic);
  }
  return name?.text ?? '';
}

/** uses_line = actor "from" string — for the lines [from, to) */
export function parseUsesLines(ctx: ParseContext, from: number, to: number): UsesLine[] {
  const out: UsesLine[] = [];
  eachItem(ctx, from, to, (i, end) => {
    const c = new Cursor(ctx, i, ctx.tokens(i));
    const machine = c.expectKind('actor', "a machine like '@payment'", 'expected-actor');
    c.expectWord('from', "'from' after the machine");
    const path = c.expectKind('string', 'a quoted path', 'expected-string');
    c.expectEnd();
    if (end > i + 1) ctx.report('unexpected-indentation', 'Expected no indented lines here, found an indented block.', i + 1);
    out.push({ kind: 'Uses', machine: machine.text, path: path.value as string, loc: ctx.loc(i) });
  });
  return out;
}

/** responses_block = "responses:" EOL INDENT { name ":" EOL INDENT table DEDENT } DEDENT [R] */
export function parseResponses(ctx: ParseContext, from: number, to: number): NamedResponse[] {
  const out: NamedResponse[] = [];
  eachItem(ctx, from, to, (i, end) => {
    const tokens = ctx.tokens(i);
    const name = tokens[0];
    if (tokens.length !== 2 || name?.kind !== 'word' || ctx.kind(i) !== 'opener') {
      throw ctx.expected("a response name like 'summary:'", i, name, 'expected-name');
    }
    const fields: KeyValue[] = [];
    for (const row of parseTableLines(ctx, i + 1, end)) {
      const pair = keyValueRow(ctx, row);
      if (pair !== undefined) fields.push({ key: pair[0], value: pair[1] });
    }
    out.push({ kind: 'NamedResponse', name: name.text, fields, loc: ctx.loc(i) });
  });
  return out;
}

/** test_file header = "test:" ( actor | "system" name ) */
export function parseTestTarget(ctx: ParseContext, i: number): { machine?: string; system?: string } {
  const tokens = ctx.tokens(i);
  const target = tokens[2];
  if (target?.kind === 'actor' && tokens.length === 3) return { machine: target.text };
  if (target?.kind === 'word' && target.text === 'system' && tokens.length > 3) {
    return { system: normalizeText(ctx.lineSlice(i, target.end)) };
  }
  ctx.add(ctx.expected("'@machine' or 'system «name»' after 'test:'", i, target, 'expected-test-target').diagnostic);
  return {};
}
