// Arguments for given and assert bindings: numbers as numbers, quoted text unquoted, the rest as written.
import type { RawArgument } from '@eventflow/core';

export function literalArgs(raw: readonly RawArgument[]): unknown[] {
  return raw.map((a) => (a.placeholder === 'number' ? Number(a.text) : a.text.startsWith('"') ? (JSON.parse(a.text) as string) : a.text));
}
