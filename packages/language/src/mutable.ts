// A writable view of a readonly AST node type, for building nodes step by step before handing them out.

export type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

/** The one empty list of every tree: a file of many short handlers would otherwise keep one per part. */
const NO_ITEMS: never[] = Object.freeze([]) as never[];

/**
 * `items` copied into an array of exactly its length. An array grown by push reserves room for 17
 * elements; tree arrays live as long as the tree (and survive garbage collections), so the short ones
 * are copied once built, and the empty ones are all one shared, frozen array.
 */
export function exact<T>(items: T[]): T[] {
  return items.length === 0 ? NO_ITEMS : items.slice();
}

/** Appends `items` to `target` one by one: `push(...items)` throws past about 100,000 items (too many arguments). */
export function pushAll<T>(target: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) target.push(items[i] as T);
}
