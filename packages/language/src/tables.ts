// Pipe tables (§1.7): `| cell | cell |` rows, header detection for `with:` / `reply` tables, cell
// values, and validation rule lists (`required, integer, between 0 and 3`).

import type { Expr, TypeName, ValidationRule } from './ast.ts';
import { toDiagnostic, type ParseContext } from './context.ts';
import { Cursor } from './cursor.ts';
import { tryWholeExpr } from './expressions.ts';
import { normalizeText } from './normalize.ts';
import type { Token } from './token.ts';

export interface Cell {
  /** Normalised cell text. */
  readonly text: string;
  /** Token range [from, to) of the cell in the line's tokens. */
  readonly from: number;
  readonly to: number;
}

export interface TableRow {
  /** Line index. */
  readonly line: number;
  readonly cells: readonly Cell[];
}

export function isTypeName(text: string): text is TypeName {
  return text === 'string' || text === 'number' || text === 'boolean' || text === 'array' || text === 'object' || text === 'integer';
}

/** row = "|" cell { "|" cell } "|" */
export function parseTableRow(ctx: ParseContext, i: number): TableRow {
  const tokens = ctx.tokens(i);
  const last = tokens[tokens.length - 1];
  if (last === undefined || last.kind !== 'punct' || last.text !== '|' || tokens.length < 2) {
    throw ctx.expected("'|' at the end of the table row", i, undefined, 'invalid-table-row');
  }
  const cells: Cell[] = [];
  let from = 1;
  for (let at = 1; at < tokens.length; at++) {
    const t = tokens[at] as Token;
    if (t.kind === 'punct' && t.text === '|') {
      cells.push({ text: cellText(ctx, i, tokens, from, at), from, to: at });
      from = at + 1;
    }
  }
  return { line: i, cells };
}

/** The text of the cell holding tokens [from, to): from its first token to its last, so there is nothing to trim. */
function cellText(ctx: ParseContext, i: number, tokens: readonly Token[], from: number, to: number): string {
  if (from === to) return '';
  return normalizeText(ctx.lineSlice(i, (tokens[from] as Token).start, (tokens[to - 1] as Token).end));
}

/** Most rows in one table: far beyond any written table, and it keeps a huge one from costing gigabytes. */
export const MAX_TABLE_ROWS = 10_000;

/** The rows in lines [from, to); other lines are reported and skipped, and so are rows past MAX_TABLE_ROWS. */
export function parseTableLines(ctx: ParseContext, from: number, to: number): TableRow[] {
  const rows: TableRow[] = [];
  const indent = firstIndent(ctx, from, to);
  for (let i = from; i < to; i++) {
    if (ctx.blank(i)) continue;
    if (rows.length === MAX_TABLE_ROWS) {
      ctx.report('too-many-rows', `Expected at most ${MAX_TABLE_ROWS} rows in a table, found more.`, i);
      break;
    }
    if (ctx.kind(i) !== 'tableRow') {
      ctx.reportAt('expected-table-row', `Expected a table row starting with '|', found ${quoteStart(ctx, i)}.`, i, ctx.tokens(i)[0]);
      continue;
    }
    if (ctx.indent(i) !== indent) {
      ctx.report('inconsistent-indentation', `Expected indentation of ${indent} spaces, found ${ctx.indent(i)}.`, i);
    }
    try {
      rows.push(parseTableRow(ctx, i));
    } catch (error) {
      ctx.add(toDiagnostic(error));
    }
  }
  return rows;
}

function firstIndent(ctx: ParseContext, from: number, to: number): number {
  for (let i = from; i < to; i++) if (!ctx.blank(i)) return ctx.indent(i);
  return 0;
}

function quoteStart(ctx: ParseContext, i: number): string {
  const t = ctx.tokens(i)[0];
  return t === undefined ? 'end of line' : `'${t.text}'`;
}

/** A cell's value: an expression when the whole cell is one, else the cell text as a `Word`. */
export function cellValue(ctx: ParseContext, row: TableRow, cell: Cell): Expr {
  const c = new Cursor(ctx, row.line, ctx.tokens(row.line), cell.from, cell.to);
  return tryWholeExpr(c, 'word') ?? { kind: 'Word', text: cell.text };
}

/** with/reply header (§1.7): first cell `field`, every other one of `value`, `type`, `validation`. */
export function isHeaderRow(row: TableRow): boolean {
  const cells = row.cells;
  if (cells.length < 2 || (cells[0] as Cell).text !== 'field') return false;
  for (let at = 1; at < cells.length; at++) {
    const text = (cells[at] as Cell).text;
    if (text !== 'value' && text !== 'type' && text !== 'validation') return false;
  }
  return true;
}

/** Index of the first cell of `row` whose text is `text`, or -1. */
export function cellIndex(row: TableRow, text: string): number {
  for (let at = 0; at < row.cells.length; at++) if ((row.cells[at] as Cell).text === text) return at;
  return -1;
}

/** rules = rule { "," rule }; `one of "a", "b"` keeps its values together. */
export function parseRules(ctx: ParseContext, row: TableRow, cell: Cell): ValidationRule[] {
  const tokens = ctx.tokens(row.line);
  const text = ctx.lineText(row.line);
  const pieces: [number, number][] = [];
  let start = cell.from;
  for (let at = cell.from; at <= cell.to; at++) {
    const t = tokens[at];
    if (at === cell.to || (t?.kind === 'punct' && t.text === ',')) {
      const first = tokens[start];
      const continues = first !== undefined && start < at && (first.kind === 'string' || first.kind === 'number' || first.text === '-');
      const prev = pieces[pieces.length - 1];
      if (continues && prev !== undefined) prev[1] = at;
      else if (start < at) pieces.push([start, at]);
      start = at + 1;
    }
  }
  return pieces.map(([from, to]) => {
    const words: string[] = [];
    const args: (string | number)[] = [];
    for (let at = from; at < to; at++) {
      const t = tokens[at] as Token;
      const next = tokens[at + 1];
      if (t.kind === 'number') args.push(t.value as number);
      else if (t.kind === 'string') args.push(t.value as string);
      else if (t.text === '-' && next?.kind === 'number' && at + 1 < to) {
        args.push(-(next.value as number));
        at++;
      } else if (args.length === 0 && t.kind !== 'punct') words.push(t.text);
    }
    const first = tokens[from] as Token;
    const last = tokens[to - 1] as Token;
    return { name: words.join(' '), args, text: normalizeText(text.slice(first.start, last.end)) };
  });
}
