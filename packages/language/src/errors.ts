// The one error base of EventFlow. It lives in the lowest package so the language and the runtime
// share it; `@eventflow/core` re-exports it. Guards check `code`, not `instanceof`, so they work
// across duplicated package copies.

/** What an `EventFlowError` may carry besides its code and message. */
export interface EventFlowErrorOptions {
  readonly cause?: unknown;
  readonly hint?: string;
}

/** The base of every EventFlow error: a string `code` (stable across package copies), a message, an optional hint and cause. */
export class EventFlowError extends Error {
  readonly code: string;
  readonly hint?: string;

  constructor(code: string, message: string, options: EventFlowErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EventFlowError';
    this.code = code;
    if (options.hint !== undefined) this.hint = options.hint;
  }
}

/** True for an `EventFlowError` from any copy of the package (checks the shape, not only `instanceof`). */
export function isEventFlowError(error: unknown): error is EventFlowError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    (error as { name?: unknown }).name === 'EventFlowError'
  );
}
