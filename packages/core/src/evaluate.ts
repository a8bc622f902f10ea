// Evaluates expressions and conditions against one handler's scope. `$name` reads the event
// payload first, then the instance context (LANGUAGE.md §3.8.6).
import type { CompareOp, Condition, Expr } from '@eventflow/language';
import type { Address } from './envelope.ts';
import { HandlerError } from './errors.ts';
import { andThen, type Maybe } from './maybe.ts';
import { deepEqual, getPath, isEmptyValue, stateName, type Data } from './values.ts';

/** What an expression or condition can read: the instance, its context, the event and the bindings. */
export interface Scope {
  readonly machine: string;
  readonly aggregateId: string;
  readonly payload: Data;
  readonly from?: Address;
  /** The working context (changes as actions run). */
  context(): Data;
  state(): string;
  /** Built-in and bound functions: `uuid()`, `now()`, `already_approved_by($x)`. */
  call(name: string, args: unknown[]): unknown;
  /** A natural-language condition, resolved through a guard binding. */
  guard(text: string): boolean | Promise<boolean>;
}

/** The value of `$name.path` in a scope: the event's payload first, then the instance's context. */
export function readVariable(scope: Scope, path: readonly string[]): unknown {
  const head = path[0];
  if (head !== undefined && Object.hasOwn(scope.payload, head)) return getPath(scope.payload, path);
  return getPath(scope.context(), path);
}

/** The value of an expression in a scope. */
export function evaluate(expr: Expr, scope: Scope): unknown {
  switch (expr.kind) {
    case 'Literal':
      return expr.value;
    case 'EmptyValue':
      return [];
    case 'Var':
    case 'Name':
      return readVariable(scope, expr.path);
    case 'ActorField':
      return actorField(scope, expr.actor, expr.path);
    case 'Word':
      return expr.text;
    case 'Array':
      return expr.items.map((item) => evaluate(item, scope));
    case 'Object':
      return Object.fromEntries(expr.entries.map(([key, value]) => [key, evaluate(value, scope)]));
    case 'Call':
      return scope.call(
        expr.name,
        expr.args.map((arg) => evaluate(arg, scope)),
      );
    case 'Binary':
      return arithmetic(expr.op, evaluate(expr.left, scope), evaluate(expr.right, scope));
    case 'CurrentState':
      return stateName(scope.state());
    case 'StateRef':
      return expr.state;
  }
}

function actorField(scope: Scope, actor: string, path: readonly string[]): unknown {
  const [field, ...rest] = path;
  if (field === 'id' && rest.length === 0 && (!scope.from || scope.from.machine === actor || actor === '@sender')) {
    return scope.from?.aggregate_id ?? scope.from?.actor_id;
  }
  return getPath(scope.payload, [actor.slice(1), ...path]);
}

function arithmetic(op: string, left: unknown, right: unknown): number | string {
  if (op === '+' && (typeof left === 'string' || typeof right === 'string')) return `${left}${right}`;
  if (typeof left !== 'number' || typeof right !== 'number') {
    throw new HandlerError(`Cannot compute ${JSON.stringify(left)} ${op} ${JSON.stringify(right)}: both sides must be numbers`);
  }
  switch (op) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    default:
      if (right === 0) throw new HandlerError(`Division by zero: ${left} / 0`);
      return left / right;
  }
}

/** Whether a condition holds in a scope (free-text lines ask their guard bindings). */
export async function test(condition: Condition, scope: Scope): Promise<boolean> {
  return testNow(condition, scope);
}

/** `test` without a promise unless a natural-language condition has to ask a guard binding. */
export function testNow(condition: Condition, scope: Scope): Maybe<boolean> {
  switch (condition.kind) {
    case 'And':
      return andThen(testNow(condition.left, scope), (left) => left && testNow(condition.right, scope));
    case 'Or':
      return andThen(testNow(condition.left, scope), (left) => left || testNow(condition.right, scope));
    case 'Not':
      return andThen(testNow(condition.operand, scope), (value) => !value);
    case 'Text':
      return scope.guard(condition.text);
    default:
      return testBuiltIn(condition, scope);
  }
}

/** The built-in condition forms, which need no binding and run synchronously. */
export function testBuiltIn(condition: Condition, scope: Scope): boolean {
  switch (condition.kind) {
    case 'InState': {
      const inside = condition.states.includes(scope.state());
      return condition.negated ? !inside : inside;
    }
    case 'Compare':
      return compare(condition.op, evaluate(condition.left, scope), evaluate(condition.right, scope));
    case 'Between': {
      const value = evaluate(condition.value, scope);
      return compare('>=', value, evaluate(condition.low, scope)) && compare('<=', value, evaluate(condition.high, scope));
    }
    case 'Contains': {
      const collection = evaluate(condition.collection, scope);
      const item = evaluate(condition.item, scope);
      if (Array.isArray(collection)) return collection.some((entry) => deepEqual(entry, item));
      if (typeof collection === 'string') return collection.includes(String(item));
      if (collection && typeof collection === 'object') return Object.hasOwn(collection, String(item));
      return false;
    }
    case 'Empty': {
      const empty = isEmptyValue(evaluate(condition.value, scope));
      return condition.negated ? !empty : empty;
    }
    case 'Truthy':
      return truthy(evaluate(condition.value, scope));
    default:
      throw new HandlerError(`Condition ${condition.kind} needs the async evaluator`);
  }
}

/** How a value reads as a condition: a non-empty list, or a truthy value. */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

/** Applies a comparison operator; `==` and `!=` compare deeply. */
export function compare(op: CompareOp, left: unknown, right: unknown): boolean {
  switch (op) {
    case '==':
      return deepEqual(left, right);
    case '!=':
      return !deepEqual(left, right);
    default: {
      const a = orderable(left);
      const b = orderable(right);
      if (a === undefined || b === undefined) return false;
      if (op === '>') return a > b;
      if (op === '<') return a < b;
      if (op === '>=') return a >= b;
      return a <= b;
    }
  }
}

/** Numbers compare as numbers; ISO dates as dates; other strings lexically. */
function orderable(value: unknown): number | string | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
      const time = Date.parse(value);
      if (!Number.isNaN(time)) return time;
    }
    return value;
  }
  if (value instanceof Date) return value.getTime();
  return undefined;
}

/** A scope over plain data, for evaluating expressions outside a handler (test givens, CLI). */
export function dataScope(options: { payload?: Data; context?: Data; state?: string; machine?: string; now?: () => number }): Scope {
  const context = options.context ?? {};
  return {
    machine: options.machine ?? '@test',
    aggregateId: '',
    payload: options.payload ?? {},
    context: () => context,
    state: () => options.state ?? '#idle',
    call: (name) => {
      if (name === 'now') return new Date(options.now?.() ?? Date.now()).toISOString();
      if (name === 'uuid') return crypto.randomUUID();
      throw new HandlerError(`${name}() cannot be evaluated here`);
    },
    guard: async (text) => {
      throw new HandlerError(`'${text}' needs a guard binding`);
    },
  };
}
