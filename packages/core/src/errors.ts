// The errors the runtime raises: one base class with a string `code`, and an isX() guard per kind that works across package copies.
import { EventFlowError, isEventFlowError } from '@eventflow/language';

export { EventFlowError, isEventFlowError };

/** An append found the stream at another seq than expected. */
export class ConcurrencyError extends EventFlowError {
  readonly aggregateId: string;
  readonly expectedSeq: number;
  readonly actualSeq: number;

  constructor(aggregateId: string, expectedSeq: number, actualSeq: number) {
    super('CONCURRENCY_ERROR', `Concurrent write to ${aggregateId}: expected seq ${expectedSeq}, found ${actualSeq}`, {
      hint: 'Reload the aggregate and process the event again.',
    });
    this.aggregateId = aggregateId;
    this.expectedSeq = expectedSeq;
    this.actualSeq = actualSeq;
  }
}

/** True for a `ConcurrencyError` (code `CONCURRENCY_ERROR`) from any copy of the package. */
export function isConcurrencyError(error: unknown): error is ConcurrencyError {
  return isEventFlowError(error) && error.code === 'CONCURRENCY_ERROR';
}

/** An event could not be routed to an aggregate. `message` is the seed's exact layout. */
export class RoutingError extends EventFlowError {
  readonly event: string;
  readonly machine: string;
  readonly reasons: readonly string[];
  readonly idField: string;

  constructor(event: string, machine: string, reasons: readonly string[]) {
    const noun = machine.replace(/^@/, '');
    const idField = `${noun}_id`;
    const hint =
      `This event requires an existing ${noun} aggregate.\n` +
      `        Include '${idField}' in your request or use conversation context.`;
    super(
      'ROUTING_ERROR',
      [`Cannot route event '${event}' to ${machine}`, ...reasons.map((r) => `  - ${r}`), `  Hint: ${hint}`].join('\n'),
      { hint },
    );
    this.event = event;
    this.machine = machine;
    this.reasons = reasons;
    this.idField = idField;
  }

  /** `EventFlowError: Cannot route ...` exactly as the seed prints it. */
  override toString(): string {
    return `EventFlowError: ${this.message}`;
  }
}

/** True for a `RoutingError` (code `ROUTING_ERROR`) from any copy of the package. */
export function isRoutingError(error: unknown): error is RoutingError {
  return isEventFlowError(error) && error.code === 'ROUTING_ERROR';
}

/** Why one payload field was refused: the field, the rule and a message. */
export interface FieldProblem {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/** Payload or context data broke a declared rule; `problems` names each field and why. */
export class ValidationError extends EventFlowError {
  readonly problems: readonly FieldProblem[];

  constructor(subject: string, problems: readonly FieldProblem[]) {
    super('VALIDATION_ERROR', `${subject}:\n${problems.map((p) => `  - ${p.field}: ${p.message}`).join('\n')}`);
    this.problems = problems;
  }
}

/** True for a `ValidationError` (code `VALIDATION_ERROR`) from any copy of the package. */
export function isValidationError(error: unknown): error is ValidationError {
  return isEventFlowError(error) && error.code === 'VALIDATION_ERROR';
}

/** The kinds of bindings a `MissingBindingError` can name. */
export type BindingKind = 'guard' | 'action' | 'given' | 'assertion' | 'transformer' | 'rule' | 'function';

/** A free-text line has no binding. Names the line, the file and how to add one. */
export class MissingBindingError extends EventFlowError {
  readonly bindingKind: BindingKind;
  readonly text: string;
  /** `order.flow:12` when the line asking for the binding is known (the message names it). */
  readonly flowLine?: string;

  /** `where`: the .flow line asking for it, or else the machine (`@document`). */
  constructor(kind: BindingKind, text: string, where?: string | { readonly file: string; readonly line: number }) {
    const named = typeof where === 'object' ? `${where.file}:${where.line}` : where;
    super('MISSING_BINDING', `No binding found for ${kind} '${text}'${named ? ` (${named})` : ''}`, {
      hint: `Register one: defineBindings('@machine', (b) => ${bindingCall(kind, text)})`,
    });
    this.bindingKind = kind;
    this.text = text;
    if (typeof where === 'object') this.flowLine = named;
  }
}

/** The builder call that binds `text`: `b.guard('card is valid', (ctx) => ...)`, `b.fn('approved_by', (ctx, ...args) => ...)`. */
export function bindingCall(kind: BindingKind, text: string): string {
  const name = kind === 'function' ? text.replace(/\(\)$/, '') : text; // functions are reported as `name()`
  const quoted = `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  switch (kind) {
    case 'assertion':
      return `b.assert(${quoted}, (ctx) => ...)`;
    case 'function':
      return `b.fn(${quoted}, (ctx, ...args) => ...)`;
    case 'rule':
      return `b.rule(${quoted}, (value) => true)`;
    default:
      return `b.${kind}(${quoted}, (ctx) => ...)`;
  }
}

/** True for a `MissingBindingError` (code `MISSING_BINDING`) from any copy of the package. */
export function isMissingBindingError(error: unknown): error is MissingBindingError {
  return isEventFlowError(error) && error.code === 'MISSING_BINDING';
}

/** A handler failed (an action threw, a type clash); nothing was persisted. */
export class HandlerError extends EventFlowError {
  constructor(message: string, options: { cause?: unknown; hint?: string } = {}) {
    super('HANDLER_ERROR', message, options);
  }
}

/** A synchronous emit (`$x becomes emit ...`) would wait for an instance that is itself waiting for an answer. */
export class DeadlockError extends EventFlowError {
  readonly aggregateId: string;

  constructor(event: string, aggregateId: string) {
    super('DEADLOCK', `Synchronous emit ${event} would wait for ${aggregateId}, which is already waiting (deadlock)`, {
      hint: 'Two machines ask each other synchronously: make one of the emits a plain (asynchronous) emit.',
    });
    this.aggregateId = aggregateId;
  }
}

/** True for a `DeadlockError`, also from another copy of this package. */
export function isDeadlockError(error: unknown): error is DeadlockError {
  return isEventFlowError(error) && error.code === 'DEADLOCK';
}

/** The definition is invalid (parse errors, conflicting handlers). */
export class DefinitionError extends EventFlowError {
  constructor(message: string, options: { cause?: unknown; hint?: string } = {}) {
    super('DEFINITION_ERROR', message, options);
  }
}
