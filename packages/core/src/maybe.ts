// The event path stays synchronous until something really has to wait (a binding, a store): a
// promise per step would cost more than the step itself.

/** A value, or a promise of it: in-process adapters may answer at once. */
export type Maybe<T> = T | Promise<T>;

/** True for promises and other thenables (what bindings may return). */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

/** `next(value)` now when `value` is ready, after it otherwise (as a native promise). */
export function andThen<T, U>(value: Maybe<T> | PromiseLike<T>, next: (value: T) => Maybe<U>): Maybe<U> {
  return isThenable(value) ? Promise.resolve(value).then(next) : next(value as T);
}

/**
 * Runs a generator written like an async function, `(yield x) as T` standing for `await x`:
 * synchronously while every value it waits for is ready, through promises from the first one that
 * is not. Errors surface where they happen: thrown now, or as the returned promise's rejection.
 */
export function drive<R>(steps: Generator<unknown, R, unknown>): Maybe<R> {
  return advance(steps, steps.next());
}

function advance<R>(steps: Generator<unknown, R, unknown>, step: IteratorResult<unknown, R>): Maybe<R> {
  while (!step.done) {
    const value = step.value;
    if (isThenable(value)) {
      return Promise.resolve(value).then(
        (ready) => advance(steps, steps.next(ready)),
        (error: unknown) => advance(steps, steps.throw(error)),
      );
    }
    step = steps.next(value);
  }
  return step.value;
}
