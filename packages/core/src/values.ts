// Plain-data helpers for context values: path access, copy-on-write updates, deep equality.

/** Event payloads and context values: plain JSON-like objects. */
export type Data = Record<string, unknown>;

/** The shared empty list and empty object: snapshots and records never change their parts in place, so every empty part can be this one. */
export const NO_ITEMS: readonly never[] = Object.freeze([]);
export const NO_FIELDS: Readonly<Data> = Object.freeze({});

/** True when an object has an own enumerable key (without listing them all). */
export function hasKeys(object: object): boolean {
  for (const key in object) if (Object.hasOwn(object, key)) return true;
  return false;
}

/** For building a readonly object field by field (optional fields only when present). */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The value at a path of field names, or undefined. */
export function getPath(root: unknown, path: readonly string[]): unknown {
  let current = root;
  for (let i = 0; i < path.length; i++) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Data)[path[i] as string];
  }
  return current;
}

/** Returns a copy of `root` with `path` (from index `from`) set to `value`; untouched branches are shared. */
export function setPath(root: Data, path: readonly string[], value: unknown, from = 0): Data {
  const head = path[from];
  if (head === undefined) return root;
  const copy = { ...root };
  if (from === path.length - 1) {
    put(copy, head, value);
    return copy;
  }
  const child = root[head];
  const base = child !== null && typeof child === 'object' && !Array.isArray(child) ? (child as Data) : {};
  put(copy, head, setPath(base, path, value, from + 1));
  return copy;
}

/** `target[key] = value`, except that a `__proto__` key stays data instead of replacing the prototype. */
export function put(target: Data, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** `a.b` -> ['a', 'b']. */
export function splitPath(path: string): string[] {
  return path.split('.');
}

/** Structural equality of JSON-like values (NaN equals NaN). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => deepEqual(item, other[i]));
  }
  const ka = Object.keys(a as Data).filter((k) => (a as Data)[k] !== undefined);
  const kb = Object.keys(b as Data).filter((k) => (b as Data)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Data)[k], (b as Data)[k]));
}

/** A deep copy of JSON-like data (bindings get copies so they cannot mutate stored state). */
export function copyData<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  return copyPlain(value) as T;
}

/** Plain arrays and objects are copied by hand (much cheaper than structuredClone); anything else is cloned. */
function copyPlain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyPlain);
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
  const out: Data = {};
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const copy = copyPlain((value as Data)[key]);
    // A `__proto__` key (JSON.parse makes one) must stay data, not become the prototype.
    put(out, key, copy);
  }
  return out;
}

/** True for null, undefined, '', an empty list or an object without keys. */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return !hasKeys(value);
  return false;
}

/** A state without its `#`. */
export function stateName(state: string): string {
  return state.replace(/^#/, '');
}

/**
 * `list` with `item` last, in a new array of exactly that length, for lists that live long (stored
 * records, cached snapshots): spreading (`[...list, item]`) or pushing leaves spare slots. With
 * `max`, the oldest items are dropped so that at most `max` remain.
 */
export function withLast<T>(list: readonly T[], item: T, max = Number.POSITIVE_INFINITY): T[] {
  const start = Math.max(0, list.length + 1 - max);
  const length = list.length - start;
  const result = new Array<T>(length + 1);
  for (let i = 0; i < length; i++) result[i] = list[start + i] as T;
  result[length] = item;
  return result;
}

/** `list` with the item at `index` taken out and `item` put last, in one new array of the same length. */
export function movedLast<T>(list: readonly T[], index: number, item: T): T[] {
  const result = new Array<T>(list.length);
  for (let i = 0, j = 0; i < list.length; i++) if (i !== index) result[j++] = list[i] as T;
  result[list.length - 1] = item;
  return result;
}
