// `emit` statements and their payloads (§3.9): `emit [async] :e to [all] @m [in #a, #b]`, followed by
// `with $a, $b`, `with key: value, ...` or `with:` + table, on the emit line or on an indented line.

import type { Emit, EmitTarget, Location, ValidationRow, WithClause, WithField } from './ast.ts';
import { toDiagnostic, type ParseContext } from './context.ts';
import { Cursor } from './cursor.ts';
import { tryWholeExpr, varPath } from './expressions.ts';
import { cellValue, isHeaderRow, isTypeName, parseRules, parseTableLines, type Cell, type TableRow } from './tables.ts';
import { exact } from './mutable.ts';
import { describeToken, type Token } from './token.ts';

/** An emit line parsed up to its end; `tableFollows` when it ended in `with:`. */
export interface EmitHead {
  readonly event: string;
  readonly target: EmitTarget;
  readonly async: boolean;
  readonly with?: WithClause;
  readonly tableFollows?: Location;
  readonly loc: Location;
}

/** emit_stmt = "emit" [ "async" ] event "to" target [ "with" ( ":" | with_inline ) ] */
export function parseEmitHead(c: Cursor): EmitHead {
  const emitToken = c.expectWord('emit');
  const loc = c.ctx.loc(c.line, emitToken.start);
  const async = c.eatWord('async');
  const event = c.expectKind('event', "an event name after 'emit'", 'expected-event').text;
  c.expectWord('to', "'to' after the event name");
  const all = c.eatWord('all');
  const machine = c.expectKind('actor', `a target machine after '${all ? 'all' : 'to'}'`, 'expected-actor').text;
  const states: string[] = [];
  if (all && c.eatWord('in')) {
    do states.push(c.expectKind('state', "a state after 'in'", 'expected-state').text);
    while (c.eatPunct(','));
  }
  const target: EmitTarget = { machine, all, states };
  if (c.atEnd()) return { event, target, async, loc };
  const withToken = c.peek();
  if (!c.isWord('with')) throw c.fail(all ? "'in', 'with' or end of line" : "'with' or end of line");
  c.next();
  if (c.isPunct(':') && c.pos === c.end - 1) {
    return { event, target, async, loc, tableFollows: c.ctx.loc(c.line, (withToken as Token).start) };
  }
  return { event, target, async, loc, with: parseInlineWith(c, withToken as Token) };
}

/** with_inline = var { "," var } | key ":" expr { "," key ":" expr } — the cursor sits after `with`. */
export function parseInlineWith(c: Cursor, withToken: Token): WithClause {
  const loc = c.ctx.loc(c.line, withToken.start);
  const fields: WithField[] = [];
  if (c.isKind('var')) {
    do {
      const v = c.expectKind('var', 'a variable');
      const path = varPath(v.text);
      fields.push({ name: path[path.length - 1] as string, value: { kind: 'Var', path } });
    } while (c.eatPunct(','));
    c.expectEnd();
    return { kind: 'With', form: 'vars', fields: exact(fields), loc };
  }
  if (!(c.isKind('word') && c.isPunct(':', 1))) throw c.fail("'$variable', 'key: value' or ':' after 'with'");
  for (;;) {
    const key = c.expectKind('word', 'a field name');
    c.expectPunct(':', `':' after '${key.text}'`);
    const comma = c.findTop(isComma);
    const stop = comma === -1 ? c.end : comma;
    if (stop === c.pos) throw c.fail(`a value for '${key.text}'`, 'expected-expression');
    const part = c.slice(c.pos, stop);
    fields.push({ name: key.text, value: tryWholeExpr(part, 'word') ?? { kind: 'Word', text: c.text(c.pos, stop) } });
    c.pos = stop;
    if (!c.eatPunct(',')) break;
  }
  return { kind: 'With', form: 'pairs', fields: exact(fields), loc };
}

function isComma(t: Token): boolean {
  return t.kind === 'punct' && t.text === ',';
}

/** A `with:` table: header rows per §1.7, otherwise key/value rows (or field / type / value rows). */
export function withFromTable(ctx: ParseContext, rows: readonly TableRow[], loc: Location): WithClause {
  const [first, ...rest] = rows;
  if (first === undefined || !isHeaderRow(first)) {
    const fields: WithField[] = [];
    for (const row of rows) {
      const field = row.cells.length === 3 ? typedRow(ctx, row) : keyValueRow(ctx, row);
      if (Array.isArray(field)) fields.push({ name: field[0], value: field[1] });
      else if (field !== undefined) fields.push(field);
    }
    return { kind: 'With', form: 'table', fields, loc };
  }
  const header = first.cells.map((cell) => cell.text);
  const valueAt = header.indexOf('value');
  const typeAt = header.indexOf('type');
  const rulesAt = header.indexOf('validation');
  const fields: WithField[] = [];
  for (const row of rest) {
    if (row.cells.length !== header.length) {
      ctx.report('table-cell-count', `Expected ${header.length} cells, found ${row.cells.length}.`, row.line);
      continue;
    }
    const name = (row.cells[0] as (typeof row.cells)[number]).text;
    const valueCell = row.cells[valueAt];
    const field: { -readonly [K in keyof WithField]: WithField[K] } = {
      name,
      value: valueCell === undefined ? { kind: 'Word', text: '' } : cellValue(ctx, row, valueCell),
    };
    const typeCell = row.cells[typeAt];
    if (typeCell !== undefined && typeCell.text !== '') {
      if (isTypeName(typeCell.text)) field.type = typeCell.text;
      else ctx.report('invalid-type', `Expected a type (string, number, boolean, array, object or integer), found '${typeCell.text}'.`, row.line);
    }
    const rulesCell = row.cells[rulesAt];
    if (rulesCell !== undefined && rulesCell.text !== '') field.validation = parseRules(ctx, row, rulesCell);
    fields.push(field);
  }
  return { kind: 'With', form: 'table', header, fields, loc };
}

/** A row without header of the `| field | type | value |` shape (`| order_id | string | $order_id |`). */
function typedRow(ctx: ParseContext, row: TableRow): WithField | undefined {
  const [name, type, value] = row.cells as readonly [Cell, Cell, Cell];
  if (!isTypeName(type.text)) {
    ctx.report('invalid-type', `Expected a type (string, number, boolean, array, object or integer) between the field and its value, found '${type.text}'.`, row.line);
    return undefined;
  }
  return { name: name.text, type: type.text, value: cellValue(ctx, row, value) };
}

/** `| key | value |` -> [key, value]; reports rows of another width. */
export function keyValueRow(ctx: ParseContext, row: TableRow): [string, ReturnType<typeof cellValue>] | undefined {
  const [key, value] = row.cells;
  if (row.cells.length !== 2 || key === undefined || value === undefined) {
    ctx.report('table-cell-count', `Expected 2 cells (key | value), found ${row.cells.length}.`, row.line);
    return undefined;
  }
  return [key.text, cellValue(ctx, row, value)];
}

/** `| $var | rule, rule |` rows under a context operation. */
export function validationRows(ctx: ParseContext, rows: readonly TableRow[]): ValidationRow[] {
  const out: ValidationRow[] = [];
  for (const row of rows) {
    const [variable, rules] = row.cells;
    const token = variable === undefined ? undefined : ctx.tokens(row.line)[variable.from];
    if (row.cells.length !== 2 || rules === undefined || variable === undefined || token?.kind !== 'var' || variable.to !== variable.from + 1) {
      ctx.report('invalid-validation-row', "Expected a validation row '| $variable | rule, rule |'.", row.line);
      continue;
    }
    out.push({ kind: 'ValidationRow', variable: token.text.slice(1), rules: parseRules(ctx, row, rules), loc: ctx.loc(row.line) });
  }
  return out;
}

/** What may sit under an emit line (or a `$r becomes emit` line). */
export interface EmitChildren {
  with?: WithClause;
  validation?: ValidationRow[];
}

/**
 * Lines [from, to) under an emit: a `with ...` line, a `with:` line with its table, the table itself
 * when the emit line ended in `with:`, and (for context operations) validation rows.
 */
export function parseEmitChildren(ctx: ParseContext, head: EmitHead, from: number, to: number, allowValidation: boolean): EmitChildren {
  const out: EmitChildren = head.with === undefined ? {} : { with: head.with };
  let pendingTable = head.tableFollows;
  const validation: TableRow[] = [];
  let i = from;
  while (i < to) {
    if (ctx.blank(i)) {
      i++;
      continue;
    }
    const kind = ctx.kind(i);
    const end = ctx.childrenEnd(i, ctx.indent(i), to);
    try {
      if (kind === 'tableRow' && pendingTable !== undefined) {
        let stop = i;
        while (stop < to && (ctx.blank(stop) || ctx.kind(stop) === 'tableRow')) stop++;
        out.with = withFromTable(ctx, parseTableLines(ctx, i, stop), pendingTable);
        pendingTable = undefined;
        i = stop;
        continue;
      }
      if (kind === 'tableRow' && allowValidation) {
        validation.push(...parseTableLines(ctx, i, i + 1));
      } else if ((kind === 'withLine' || kind === 'withTable') && out.with === undefined && pendingTable === undefined) {
        const c = new Cursor(ctx, i, ctx.tokens(i));
        const withToken = c.next() as Token;
        if (kind === 'withTable') {
          if (end === i + 1) ctx.report('expected-table', "Expected a table under 'with:', found none.", i);
          out.with = withFromTable(ctx, parseTableLines(ctx, i + 1, end), ctx.loc(i));
        } else {
          if (end > i + 1) ctx.report('unexpected-indentation', "Expected no indented lines under 'with', found some.", i + 1);
          out.with = parseInlineWith(c, withToken);
        }
      } else if (kind === 'withLine' || kind === 'withTable') {
        ctx.reportAt('duplicate-with', "Expected one 'with' per emit, found another.", i, ctx.tokens(i)[0]);
      } else {
        ctx.reportAt('unexpected-line', `Expected 'with' or a table under the emit, found ${describeToken(ctx.tokens(i)[0])}.`, i, ctx.tokens(i)[0]);
      }
    } catch (error) {
      ctx.add(toDiagnostic(error));
    }
    i = kind === 'withTable' ? end : Math.max(end, i + 1);
  }
  if (pendingTable !== undefined) {
    ctx.add({ code: 'expected-table', severity: 'error', message: "Expected a table under 'with:', found none.", loc: pendingTable, length: 4 });
    out.with = { kind: 'With', form: 'table', fields: [], loc: pendingTable };
  }
  if (validation.length > 0) out.validation = validationRows(ctx, validation);
  return out;
}

export function buildEmit(head: EmitHead, children: EmitChildren): Emit {
  const { event, target, async, loc } = head;
  const w = children.with ?? head.with;
  return w === undefined ? { kind: 'Emit', event, target, async, loc } : { kind: 'Emit', event, target, async, loc, with: w };
}
