// `$x becomes / increases by / decreases by / adds / removes / clears`: the value a context line
// gives its variable, from the variable's current value (LANGUAGE.md §3.9).
import type { ContextOp } from '@eventflow/language';
import { HandlerError } from '../errors.ts';
import { evaluate, type Scope } from '../evaluate.ts';
import { emptyOf } from '../validation.ts';
import { copyData, deepEqual } from '../values.ts';

const NULL = { kind: 'Literal', value: null } as const;
const ZERO = { kind: 'Literal', value: 0 } as const;

/** What `nextValue` gives when the line leaves the variable alone. */
export const UNCHANGED: unique symbol = Symbol('unchanged');

/**
 * The variable's next value, or UNCHANGED when the line leaves it alone (removing from or clearing
 * a variable that does not exist). `requested`: the answer of `$x becomes emit ...`.
 */
export function nextValue(op: ContextOp, current: unknown, requested: unknown, scope: Scope): unknown {
  switch (op.op) {
    case 'becomes':
      if (op.emit) return requested;
      return op.value?.kind === 'EmptyValue' ? emptyOf(op.type) : copyData(evaluate(op.value ?? NULL, scope));
    case 'increases':
    case 'decreases': {
      const amount = evaluate(op.value ?? ZERO, scope);
      const base = current ?? 0;
      if (typeof base !== 'number' || typeof amount !== 'number') {
        throw new HandlerError(`Cannot ${op.op === 'increases' ? 'increase' : 'decrease'} $${op.variable} (${JSON.stringify(base)}) by ${JSON.stringify(amount)}: both must be numbers`);
      }
      return op.op === 'increases' ? base + amount : base - amount;
    }
    case 'adds': {
      const list = current ?? [];
      if (!Array.isArray(list)) throw new HandlerError(`Cannot add to $${op.variable}: it is not a collection`);
      return [...list, copyData(evaluate(op.value ?? NULL, scope))];
    }
    case 'removes': {
      if (current === undefined) return UNCHANGED;
      if (!Array.isArray(current)) throw new HandlerError(`Cannot remove from $${op.variable}: it is not a collection`);
      const item = evaluate(op.value ?? NULL, scope);
      const index = current.findIndex((x) => deepEqual(x, item));
      return index < 0 ? current : [...current.slice(0, index), ...current.slice(index + 1)];
    }
    case 'clears':
      if (current === undefined) return UNCHANGED;
      return Array.isArray(current) ? [] : typeof current === 'string' ? '' : {};
  }
}
