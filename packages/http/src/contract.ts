// What an (api) handler expects in its payload, read from the .flow: the fields it reads, and the
// validation tables of its top-level `$x becomes $field` lines (LANGUAGE.md §3.8.5). Those tables
// are checked at the HTTP edge, before anything is stored, exactly as the handler would check them.
import type { Expr, Handler, Reply, Statement, ValidationRule } from '@eventflow/language';

/** A payload field an endpoint checks, and the rules it must pass. */
export interface CheckedField {
  /** The payload field, e.g. `total`. */
  readonly field: string;
  readonly rules: readonly ValidationRule[];
}

/** What an endpoint accepts: the payload fields its handler reads and the rules they must pass. */
export interface Contract {
  /** Payload fields the handler reads (documentation: every field stays optional unless a rule says otherwise). */
  readonly fields: readonly string[];
  /** Fields with validation rules, checked at the edge. */
  readonly checked: readonly CheckedField[];
}

/** The contract of the (api) handlers of one event (several senders may share it: their fields add up). */
export function contractOf(handlers: readonly Handler[]): Contract {
  const fields = new Set<string>();
  const checked: CheckedField[] = [];
  for (const handler of handlers) {
    walk(handler.body, (statement) => collectFields(statement, fields));
    // Only top-level lines always run; a table under a guarded line is checked by the handler alone.
    for (const statement of handler.body) {
      const field = checkedField(statement);
      if (field) checked.push(field);
    }
  }
  for (const { field } of checked) fields.add(field);
  return { fields: [...fields].sort(), checked };
}

/** `$total becomes $total` with a table row for `$total`: its rules apply to the payload field `total`. */
function checkedField(statement: Statement): CheckedField | undefined {
  if (statement.kind !== 'ContextOp' || statement.op !== 'becomes' || !statement.validation) return undefined;
  const source = payloadField(statement.value);
  const row = statement.validation.find((r) => r.variable === statement.variable);
  return source !== undefined && row ? { field: source, rules: row.rules } : undefined;
}

function collectFields(statement: Statement, into: Set<string>): void {
  if (statement.kind === 'ContextOp' && statement.op === 'becomes') {
    const source = payloadField(statement.value);
    if (source !== undefined) into.add(source);
  }
  const emit = statement.kind === 'Emit' ? statement : statement.kind === 'ContextOp' ? statement.emit : undefined;
  for (const field of emit?.with?.fields ?? []) {
    const source = payloadField(field.value);
    if (source !== undefined) into.add(source);
  }
}

/** `$total` (a one-segment variable): the handler reads the payload field first. */
function payloadField(value: Expr | undefined): string | undefined {
  return value?.kind === 'Var' && value.path.length === 1 ? value.path[0] : undefined;
}

/** Every statement, nested ones included. */
function walk(statements: readonly Statement[], visit: (statement: Statement) => void): void {
  for (const statement of statements) {
    visit(statement);
    if (statement.kind === 'GuardChain') {
      for (const branch of statement.branches) walk(branch.body ?? [], visit);
      walk(statement.otherwise ?? [], visit);
    } else if (statement.kind === 'ForEach') {
      walk(statement.body, visit);
    }
  }
}

/** Reply statements anywhere in the handlers (for the documented responses). */
export function repliesOf(handlers: readonly Handler[]): Reply[] {
  const replies: Reply[] = [];
  for (const handler of handlers) walk(handler.body, (s) => s.kind === 'Reply' && replies.push(s));
  return replies;
}
