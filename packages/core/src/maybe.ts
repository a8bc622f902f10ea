// A value that a binding (user code) may hand back now or as a promise: most bindings answer at
// once, and an expression or guard that needs none should not wait for one. Internal to core: no
// port or export uses it (ports are Promise-only).

/** A value, or a promise of it (a binding's answer). */
export type Maybe<T> = T | Promise<T>;

/** True for promises and other thenables (what bindings may return). */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

/** `next(value)` now when `value` is ready, after it otherwise (as a native promise). */
export function andThen<T, U>(value: Maybe<T> | PromiseLike<T>, next: (value: T) => Maybe<U>): Maybe<U> {
  return isThenable(value) ? Promise.resolve(value).then(next) : next(value as T);
}
