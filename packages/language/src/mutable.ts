// A writable view of a readonly AST node type, for building nodes step by step before handing them out.

export type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

/**
 * `items` copied into an array of exactly its length. An array grown by push reserves room for 17
 * elements; tree arrays live as long as the tree (and survive garbage collections), so the short ones
 * are copied once built.
 */
export function exact<T>(items: T[]): T[] {
  return items.slice();
}
