// Canonical text of single lines: given lines, assertions, assume lines, with-clauses and tables.
// The `text` fields the parser fills are exactly these strings for canonical input.

import type { Assertion, AssumeLine, Emit, GivenLine, KeyValue, WithClause } from './ast.ts';
import { printCondition, printExpr } from './print-expr.ts';

/** A table with padded columns, one string per row. */
export function printTable(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, at) => (widths[at] = Math.max(widths[at] ?? 0, cell.length)));
  return rows.map((row) => `| ${row.map((cell, at) => cell.padEnd(widths[at] ?? 0)).join(' | ')} |`);
}

/** The line of a given: (tables: the line before the rows, without its ':'). */
export function printGivenLine(line: GivenLine): string {
  switch (line.kind) {
    case 'GivenState':
      return `${line.subject} is in ${line.state}`;
    case 'GivenVar':
      return `$${line.variable}${line.type === undefined ? '' : `: ${line.type}`} ${line.op} ${printExpr(line.value)}`;
    case 'GivenTable':
      return line.text;
    case 'GivenField':
      return `${line.key}: ${printExpr(line.value)}`;
    case 'GivenText':
      return line.text;
  }
}

function printPairs(pairs: readonly KeyValue[]): string {
  return pairs.map((p) => `${p.key}: ${printExpr(p.value)}`).join(', ');
}

/** The text after `= ` (without indented `key: value` lines). */
export function printAssertion(a: Assertion): string {
  switch (a.kind) {
    case 'AssertState':
      return `${a.subject} ${a.mode} ${a.state}`;
    case 'AssertCondition':
      return printCondition(a.condition);
    case 'AssertCount':
      return a.count === undefined ? `$${a.variable} has items` : `$${a.variable} has ${a.count} items`;
    case 'AssertAfter':
      return `${printExpr(a.left)} is after ${printExpr(a.right)}`;
    case 'AssertChanged':
      return `$${a.variable} ${a.direction}`;
    case 'AssertEvent': {
      const head =
        a.actor === undefined
          ? `${a.event} was ${a.negated ? 'not ' : ''}emitted`
          : `${a.actor} ${a.negated ? 'did not receive' : 'received'} ${a.event}`;
      return a.with.length === 0 ? head : `${head} with ${printPairs(a.with)}`;
    }
    case 'AssertCalled':
      // `with:` stays when it was written, even without pairs under it.
      return `${a.action} was ${a.negated ? 'not ' : ''}called${a.with.length > 0 || a.text.endsWith(':') ? ' with:' : ''}`;
    case 'AssertReply': {
      if (a.check === 'status') return `reply status is ${a.value === undefined ? '' : printExpr(a.value)}`;
      if (a.check === 'contains') return `reply contains ${a.key ?? ''}`;
      return `${a.dotted ? 'reply.' : 'reply '}${a.key ?? ''} equals ${a.value === undefined ? '' : printExpr(a.value)}`;
    }
    case 'AssertText':
      return a.text;
  }
}

/** `= ...` plus its indented `key: value` lines. */
export function printAssertionLines(a: Assertion): string[] {
  const lines = [`= ${printAssertion(a)}`];
  if (a.kind === 'AssertCalled') for (const p of a.with) lines.push(`  ${p.key}: ${printExpr(p.value)}`);
  return lines;
}

/** One `assume:` line as `.flow` text. */
export function printAssumeLine(line: AssumeLine): string {
  if (line.kind === 'AssumeGuard') return `? ${line.pattern} = ${line.value}`;
  const pattern = line.machine === undefined ? line.pattern : `${line.machine}.${line.pattern}`;
  const matcher = line.matcher === undefined ? '' : ` with ${line.matcher}`;
  const o = line.outcome;
  const outcome =
    o.kind === 'success' ? '= success' : o.kind === 'triggers' ? `triggers ${o.event}` : `${o.kind} ${printExpr(o.value)}`;
  return `${pattern}${matcher} ${outcome}`;
}

/** The emit line and the lines under it (relative indentation in leading spaces). */
export function printEmitLines(emit: Emit): string[] {
  const target = `${emit.target.all ? 'all ' : ''}${emit.target.machine}${emit.target.states.length > 0 ? ` in ${emit.target.states.join(', ')}` : ''}`;
  const head = `emit ${emit.async ? 'async ' : ''}${emit.event} to ${target}`;
  const w = emit.with;
  if (w === undefined) return [head];
  if (w.form !== 'table') return [head, `  ${printInlineWith(w)}`];
  return [head, '  with:', ...printWithTable(w).map((row) => `    ${row}`)];
}

function printInlineWith(w: WithClause): string {
  if (w.form === 'vars') return `with ${w.fields.map((f) => printExpr(f.value)).join(', ')}`;
  return `with ${w.fields.map((f) => `${f.name}: ${printExpr(f.value)}`).join(', ')}`;
}

function printWithTable(w: WithClause): string[] {
  if (w.header === undefined) return printTable(w.fields.map((f) => [f.name, ...(f.type === undefined ? [] : [f.type]), printExpr(f.value)]));
  const header = w.header;
  const rows = w.fields.map((f) =>
    header.map((column, at) => {
      if (at === 0) return f.name;
      if (column === 'value') return printExpr(f.value);
      if (column === 'type') return f.type ?? '';
      return (f.validation ?? []).map((rule) => rule.text).join(', ');
    }),
  );
  return printTable([header, ...rows]);
}
