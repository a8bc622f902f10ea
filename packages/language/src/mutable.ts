// A writable view of a readonly AST node type, for building nodes step by step before handing them out.

export type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };
