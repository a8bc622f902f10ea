// What a page's URL may carry, checked before anything is read: ids, a state, a seq, a page size.
// A bad value is a 400 page naming the parameter and why, never an exception trace.

export class QueryError extends Error {}

/** Aggregate and conversation ids as the runtime makes them, and as users type them. */
const ID = /^[A-Za-z0-9@][A-Za-z0-9._:@-]{0,199}$/;
const STATE = /^#?[A-Za-z_][A-Za-z0-9_]{0,99}$/;

export function checkId(name: string, value: string): string {
  if (!ID.test(value)) throw new QueryError(`${name} must be an id of letters, digits and . _ : @ - (at most 200); got ${JSON.stringify(value.slice(0, 60))}.`);
  return value;
}

/** `confirmed` or `#confirmed` -> `#confirmed`; empty: no filter. */
export function checkState(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!STATE.test(value)) throw new QueryError(`state must be a state name such as #confirmed; got ${JSON.stringify(value.slice(0, 60))}.`);
  return value.startsWith('#') ? value : `#${value}`;
}

export function checkSeq(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new QueryError(`seq must be a whole number of 0 or more; got ${JSON.stringify(value.slice(0, 60))}.`);
  return Number(value);
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export function checkLimit(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_LIMIT;
  const n = Number(value);
  if (!/^\d{1,4}$/.test(value) || n < 1 || n > MAX_LIMIT) throw new QueryError(`limit must be between 1 and ${MAX_LIMIT}; got ${JSON.stringify(value.slice(0, 60))}.`);
  return n;
}
