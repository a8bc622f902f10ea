// One action line (§2.2): transition, context operation, emit, reply, schedule, or free text, plus
// what may be indented under it (a `with` payload, a reply table, validation rows).

import type { ContextOp, ContextOpKind, Expr, KeyValue, Location, Reply, ReplyBody, ScheduleStmt, Statement, TimeUnit, Transition, TypeName } from './ast.ts';
import type { ParseContext } from './context.ts';
import { Cursor } from './cursor.ts';
import { buildEmit, keyValueRow, parseEmitChildren, parseEmitHead, validationRows } from './emit.ts';
import { parseExpr, parseWholeExpr } from './expressions.ts';
import { normalizeText } from './normalize.ts';
import { exact, type Mutable } from './mutable.ts';
import { cellIndex, cellValue, isHeaderRow, isTypeName, parseTableLines, type TableRow } from './tables.ts';
import type { Token } from './token.ts';

/** Parses line `i`, whose indented children are lines [from, to). Throws LineError on bad syntax. */
export function parseActionLine(ctx: ParseContext, i: number, from: number, to: number): Statement {
  const tokens = ctx.tokens(i);
  const c = new Cursor(ctx, i, tokens);
  const first = tokens[0] as Token;
  if (first.kind === 'word') {
    if (first.text === 'emit') {
      const head = parseEmitHead(c);
      return buildEmit(head, parseEmitChildren(ctx, head, from, to, false));
    }
    if (first.text === 'reply') return parseReply(c, from, to);
    if (first.text === 'schedule' && tokens[1]?.kind === 'event') return noChildren(ctx, parseSchedule(c), from, to);
  }
  if (first.kind === 'var') return parseContextOp(c, from, to);
  const transition = parseTransition(c);
  if (transition !== undefined) return noChildren(ctx, transition, from, to);
  return noChildren(ctx, { kind: 'Action', text: normalizeText(ctx.lineText(i)), loc: ctx.loc(i) }, from, to);
}

/** Reports an indented block under a line that takes none. */
export function noChildren<T>(ctx: ParseContext, node: T, from: number, to: number): T {
  for (let j = from; j < to; j++) {
    if (!ctx.blank(j)) {
      ctx.report('unexpected-indentation', 'Expected no indented lines here, found an indented block.', j);
      break;
    }
  }
  return node;
}

/** `moves` -> `moves to`, ... (switches rather than object lookups: see colonHeader in classify.ts). */
function transitionVerb(word: string): Transition['verb'] | undefined {
  switch (word) {
    case 'moves':
      return 'moves to';
    case 'transitions':
      return 'transitions to';
    case 'changes':
      return 'changes to';
    case 'enters':
      return 'enters';
    case 'becomes':
      return 'becomes';
    default:
      return undefined;
  }
}

/** transition = subject transition_verb state (nothing else on the line) */
function parseTransition(c: Cursor): Transition | undefined {
  const subject = c.peek(0);
  const verb = c.peek(1);
  if (subject === undefined || verb?.kind !== 'word' || (subject.kind !== 'word' && subject.kind !== 'actor' && subject.kind !== 'var')) {
    return undefined;
  }
  const spelled = transitionVerb(verb.text);
  if (spelled === undefined) return undefined;
  const needsTo = spelled.endsWith(' to');
  if (needsTo && !c.isWord('to', 2)) return undefined;
  const state = c.peek(needsTo ? 3 : 2);
  if (state?.kind !== 'state' || c.end !== c.pos + (needsTo ? 4 : 3)) return undefined;
  return { kind: 'Transition', subject: subject.text, verb: spelled, state: state.text, loc: c.ctx.loc(c.line) };
}

/** The verb of a context operation. */
function contextOpKind(word: string): ContextOpKind | undefined {
  switch (word) {
    case 'becomes':
      return 'becomes';
    case 'increases':
      return 'increases';
    case 'decreases':
      return 'decreases';
    case 'adds':
      return 'adds';
    case 'removes':
      return 'removes';
    case 'clears':
      return 'clears';
    default:
      return undefined;
  }
}

/**
 * context_op = var [ ":" type ] ( "becomes" ( expr | emit_stmt ) | "increases by" expr
 *            | "decreases by" expr | "adds" expr | "removes" expr | "clears" )
 * A `$x becomes #state` line is a transition (§8-A7).
 */
function parseContextOp(c: Cursor, from: number, to: number): Statement {
  const ctx = c.ctx;
  const transition = parseTransition(c);
  if (transition !== undefined) return noChildren(ctx, transition, from, to);
  const variable = (c.next() as Token).text.slice(1);
  let type: TypeName | undefined;
  if (c.eatPunct(':')) {
    const t = c.peek();
    if (t?.kind !== 'word' || !isTypeName(t.text)) {
      throw c.fail('a type (string, number, boolean, array, object or integer)', 'invalid-type');
    }
    type = t.text;
    c.next();
  }
  const verb = c.peek();
  const op = verb?.kind === 'word' ? contextOpKind(verb.text) : undefined;
  if (op === undefined) throw c.fail("'becomes', 'increases by', 'decreases by', 'adds', 'removes' or 'clears'");
  c.next();
  if (op === 'increases' || op === 'decreases') c.expectWord('by', "'by'");
  const loc = ctx.loc(c.line);
  if (op === 'becomes' && c.isWord('emit')) {
    const head = parseEmitHead(c);
    const children = parseEmitChildren(ctx, head, from, to, true);
    const node = contextOp(variable, type, op, loc, undefined);
    node.emit = buildEmit(head, children);
    if (children.validation !== undefined) node.validation = children.validation;
    return node;
  }
  let value: Expr | undefined;
  if (op === 'clears') c.expectEnd();
  else value = parseWholeExpr(c, 'word');
  const node = contextOp(variable, type, op, loc, value);
  const rows = parseTableLines(ctx, from, to);
  if (rows.length > 0) node.validation = validationRows(ctx, rows);
  return node;
}

/** A ContextOp built in one literal for the common shapes (keys later added cost an extra object). */
function contextOp(variable: string, type: TypeName | undefined, op: ContextOpKind, loc: Location, value: Expr | undefined): Mutable<ContextOp> {
  if (type === undefined) return value === undefined ? { kind: 'ContextOp', variable, op, loc } : { kind: 'ContextOp', variable, op, loc, value };
  return value === undefined ? { kind: 'ContextOp', variable, op, loc, type } : { kind: 'ContextOp', variable, op, loc, type, value };
}

/** reply_stmt = "reply" status [ reason_words ] [ "with" ( ":" | name | "^" name ) ] */
function parseReply(c: Cursor, from: number, to: number): Reply {
  const ctx = c.ctx;
  c.next();
  const status = c.peek();
  if (status?.kind !== 'number' || !isStatusCode(status.text)) {
    throw c.fail("a status code after 'reply'", 'expected-status');
  }
  c.next();
  const reason = parseReason(c);
  let body: ReplyBody = { kind: 'none' };
  let table = false;
  if (c.eatWord('with')) {
    const t = c.peek();
    if (c.isPunct(':') && c.pos === c.end - 1) table = true;
    else if (t?.kind === 'word' && !t.text.includes('.')) body = { kind: 'named', name: t.text };
    else if (t?.kind === 'caret') body = { kind: 'transformer', name: t.text.slice(1) };
    else throw c.fail("':', a response name or '^transformer' after 'with'");
    c.next();
  }
  c.expectEnd();
  const loc = ctx.loc(c.line);
  if (!table) return noChildren(ctx, reply(status.value as number, reason, body, loc), from, to);
  const rows = parseTableLines(ctx, from, to);
  if (from === to) ctx.report('expected-table', "Expected a table under 'reply … with:', found none.", c.line);
  return reply(status.value as number, reason, { kind: 'fields', fields: replyFields(ctx, rows) }, loc);
}

function isStatusCode(text: string): boolean {
  if (text.length !== 3) return false;
  const first = text.charCodeAt(0);
  return first >= 49 && first <= 53 && isDigitAt(text, 1) && isDigitAt(text, 2); // [1-5][0-9][0-9]
}

function isDigitAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c >= 48 && c <= 57;
}

/** The reason words after the status (`created`, `not found`), up to `with`. */
function parseReason(c: Cursor): string | undefined {
  const words: string[] = [];
  while (c.isKind('word') && !c.isWord('with')) words.push((c.next() as Token).text);
  return words.length === 0 ? undefined : words.join(' ');
}

function reply(status: number, reason: string | undefined, body: ReplyBody, loc: Location): Reply {
  return reason === undefined ? { kind: 'Reply', status, body, loc } : { kind: 'Reply', status, body, loc, reason };
}

/** The rows of a `reply … with:` table: a header row per §1.7, otherwise key/value rows. */
function replyFields(ctx: ParseContext, rows: readonly TableRow[]): KeyValue[] {
  const fields: KeyValue[] = [];
  const first = rows[0];
  if (first !== undefined && isHeaderRow(first)) {
    const valueAt = cellIndex(first, 'value');
    for (let r = 1; r < rows.length; r++) {
      const row = rows[r] as TableRow;
      const key = row.cells[0];
      const value = row.cells[valueAt];
      if (key !== undefined && value !== undefined) fields.push({ key: key.text, value: cellValue(ctx, row, value) });
    }
  } else {
    for (const row of rows) {
      const pair = keyValueRow(ctx, row);
      if (pair !== undefined) fields.push({ key: pair[0], value: pair[1] });
    }
  }
  return exact(fields);
}

function isTimeUnit(word: string): word is TimeUnit {
  return word === 'seconds' || word === 'minutes' || word === 'hours' || word === 'days';
}

/** schedule_stmt = "schedule" event "for" expr time_unit */
function parseSchedule(c: Cursor): ScheduleStmt {
  c.next();
  const event = (c.next() as Token).text;
  c.expectWord('for', "'for' after the event name");
  const unit = c.tokens[c.end - 1];
  if (c.end - c.pos < 2 || unit?.kind !== 'word' || !isTimeUnit(unit.text)) {
    throw c.ctx.expected('a time unit (seconds, minutes, hours or days) at the end', c.line, c.end - c.pos < 2 ? undefined : unit, 'expected-time-unit');
  }
  const delay = c.slice(c.pos, c.end - 1);
  const expr = parseExpr(delay, 'word');
  delay.expectEnd();
  return { kind: 'Schedule', event, delay: expr, unit: unit.text as TimeUnit, loc: c.ctx.loc(c.line) };
}
