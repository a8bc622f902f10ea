// The event path stays synchronous until something really has to wait (a binding, a store): a
// promise per step would cost more than the step itself.

export type Maybe<T> = T | Promise<T>;

/** True for promises and other thenables (what bindings may return). */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

/** `next(value)` now when `value` is ready, after it otherwise. */
export function andThen<T, U>(value: Maybe<T>, next: (value: T) => Maybe<U>): Maybe<U> {
  return value instanceof Promise ? value.then(next) : next(value as T);
}
