// The one error base of EventFlow. It lives in the lowest package so the language and the runtime
// share it; `@eventflow/core` re-exports it. Guards check `code`, not `instanceof`, so they work
// across duplicated package copies.

export interface EventFlowErrorOptions {
  readonly cause?: unknown;
  readonly hint?: string;
}

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

export function isEventFlowError(error: unknown): error is EventFlowError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    (error as { name?: unknown }).name === 'EventFlowError'
  );
}
