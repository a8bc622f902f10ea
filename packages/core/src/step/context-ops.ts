// `$x becomes / increases by / decreases by / adds / removes / clears`: the value a context line
// gives its variable, from the variable's current value (LANGUAGE.md §3.9).
import type { ContextOp } from '@eventflow/language';
import { HandlerError } from '../errors.ts';
import { evaluate, type Scope } from '../evaluate.ts';
import { emptyOf } from '../validation.ts';
import { copyData, deepEqual } from '../values.ts';

const NULL = { kind: 'Literal', value: null } as const;
const ZERO = { kind: 'Literal', value: 0 } as const;

/**
 * The variable's next value, or `undefined` when the line leaves it alone (removing from or clearing
 * a variable that does not exist). `requested`: the answer of `$x becomes emit ...`.
 */
export function nextValue(op: ContextOp, current: unknown, requested: unknown, scope: Scope): { readonly value: unknown } | undefined {
  switch (op.op) {
    case 'becomes':
      if (op.emit) return { value: requested };
      return { value: op.value?.kind === 'EmptyValue' ? emptyOf(op.type) : copyData(evaluate(op.value ?? NULL, scope)) };
    case 'increases':
    case 'decreases': {
      const amount = evaluate(op.value ?? ZERO, scope);
      const base = current ?? 0;
      if (typeof base !== 'number' || typeof amount !== 'number') {
        throw new HandlerError(`Cannot ${op.op === 'increases' ? 'increase' : 'decrease'} $${op.variable} (${JSON.stringify(base)}) by ${JSON.stringify(amount)}: both must be numbers`);
      }
      return { value: op.op === 'increases' ? base + amount : base - amount };
    }
    case 'adds': {
      const list = current ?? [];
      if (!Array.isArray(list)) throw new HandlerError(`Cannot add to $${op.variable}: it is not a collection`);
      return { value: [...list, copyData(evaluate(op.value ?? NULL, scope))] };
    }
    case 'removes': {
      if (current === undefined) return undefined;
      if (!Array.isArray(current)) throw new HandlerError(`Cannot remove from $${op.variable}: it is not a collection`);
      const item = evaluate(op.value ?? NULL, scope);
      const index = current.findIndex((x) => deepEqual(x, item));
      return { value: index < 0 ? current : [...current.slice(0, index), ...current.slice(index + 1)] };
    }
    case 'clears':
      if (current === undefined) return undefined;
      return { value: Array.isArray(current) ? [] : typeof current === 'string' ? '' : {} };
  }
}
