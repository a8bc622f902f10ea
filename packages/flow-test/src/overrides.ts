// `assume:` lines become test doubles: forced guard results and action outcomes (LANGUAGE.md §6.6).
import { copyData, dataScope, evaluate, type ActionOverride, type Overrides } from '@eventflow/core';
import type { AssumeLine } from '@eventflow/language';
import { matchesAction } from './assertions.ts';

export function overridesFrom(lines: readonly AssumeLine[]): Overrides | undefined {
  if (lines.length === 0) return undefined;
  const applies = (line: AssumeLine, machine: string, event: string) =>
    (line.event === undefined || line.event === event) && (line.kind !== 'AssumeAction' || line.machine === undefined || line.machine === machine);
  return {
    guard(text, machine, event) {
      for (const line of lines) {
        if (line.kind === 'AssumeGuard' && applies(line, machine, event) && matchesAction(line.pattern, text)) return line.value;
      }
      return undefined;
    },
    action(text, machine, event, args): ActionOverride | undefined {
      for (const line of lines) {
        if (line.kind !== 'AssumeAction' || !applies(line, machine, event) || !matchesAction(line.pattern, text)) continue;
        if (line.matcher !== undefined && !matcherHolds(line.matcher, args)) continue;
        const outcome = line.outcome;
        switch (outcome.kind) {
          case 'success':
            return { kind: 'success' };
          case 'triggers':
            return { kind: 'triggers', event: outcome.event };
          case 'returns': {
            const value = copyData(evaluate(outcome.value, dataScope({})));
            return { kind: 'returns', value: value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { result: value } };
          }
          case 'throws':
            return { kind: 'throws', value: evaluate(outcome.value, dataScope({})) };
        }
      }
      return undefined;
    },
  };
}

/** `{ amount: > 10000 }` against the action's first argument (or every argument when none is an object). */
function matcherHolds(matcher: string, args: readonly unknown[]): boolean {
  const subject = args.find((a) => a !== null && typeof a === 'object') as Record<string, unknown> | undefined;
  const body = matcher.trim().replace(/^\{|\}$/g, '').trim();
  if (body === '' || body === 'any') return true;
  for (const part of body.split(',')) {
    const m = /^\s*([a-z_][a-z0-9_]*)\s*:\s*(>=|<=|>|<|=)?\s*(.+?)\s*$/.exec(part);
    if (!m) return false;
    const actual = subject?.[m[1] as string];
    const expected = (m[3] as string).replace(/^"|"$/g, '');
    const a = Number(actual);
    const b = Number(expected);
    switch (m[2]) {
      case '>':
        if (!(a > b)) return false;
        break;
      case '<':
        if (!(a < b)) return false;
        break;
      case '>=':
        if (!(a >= b)) return false;
        break;
      case '<=':
        if (!(a <= b)) return false;
        break;
      default:
        if (expected !== '*' && String(actual) !== expected) return false;
    }
  }
  return true;
}
