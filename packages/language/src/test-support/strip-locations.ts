// Test helper: a deep copy without `loc` fields (and without undefined-valued keys), for AST equality.

export function stripLocations<T>(value: T): T {
  return strip(value) as T;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'loc' || v === undefined) continue;
    out[key] = strip(v);
  }
  return out;
}
