// Every value that reaches a query filter passes through here first: ids must be plain strings (an
// object such as {"$gt": ""} would turn an equality match into an operator), seqs plain integers.
import { EventFlowError } from '@eventflow/core';

/** Longer ids are refused: they end up in index keys and in the commit `_id`. */
export const MAX_ID_LENGTH = 512;

/** An aggregate id, event id or machine name that is safe as a filter value. Throws `INVALID_ID`. */
export function checkId(field: string, value: unknown): string {
  const problem = idProblem(value);
  if (problem === undefined) return value as string;
  throw new EventFlowError('INVALID_ID', `Invalid ${field}: ${problem} (got ${show(value)})`, {
    hint: `Ids and machine names are non-empty strings of at most ${MAX_ID_LENGTH} characters, not starting with "$".`,
  });
}

function idProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `must be a string, not ${value === null ? 'null' : typeof value}`;
  if (value.length === 0) return 'must not be empty';
  if (value.length > MAX_ID_LENGTH) return `must be at most ${MAX_ID_LENGTH} characters`;
  if (value.startsWith('$')) return 'must not start with "$"';
  if (/^\.+$/.test(value)) return 'must not consist of dots only';
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  return undefined;
}

/** A seq used in a filter: a non-negative safe integer. Throws `INVALID_ARGUMENT`. */
export function checkSeq(field: string, value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new EventFlowError('INVALID_ARGUMENT', `Invalid ${field}: must be a non-negative integer (got ${show(value)})`);
}

/** An optional range bound (infinities allowed): `fallback` when undefined. Throws `INVALID_ARGUMENT`. */
export function checkBound(field: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && !Number.isNaN(value)) return value;
  throw new EventFlowError('INVALID_ARGUMENT', `Invalid ${field}: must be a number (got ${show(value)})`);
}

function show(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
