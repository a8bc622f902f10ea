/** What an append must do, given what the store holds. */
export type AppendDecision =
  | { readonly kind: 'write' }
  /** Every event id is stored: a no-op. */
  | { readonly kind: 'duplicate' }
  /** The stream is at another seq than expected. */
  | { readonly kind: 'conflict' }
  /** Some event ids are stored, others new: a caller bug, nothing is written. */
  | { readonly kind: 'mixed'; readonly stored: readonly string[] };

/**
 * The memory store's order of checks: duplicate first (a redelivered event is recognised even after
 * the stream moved on), then the expected seq, then a batch mixing stored and new event ids.
 */
export function decideAppend(
  expectedSeq: number,
  lastSeq: number,
  eventIds: readonly string[],
  storedIds: ReadonlySet<string>,
): AppendDecision {
  const stored = eventIds.filter((id) => storedIds.has(id));
  if (stored.length === eventIds.length) return { kind: 'duplicate' };
  if (lastSeq !== expectedSeq) return { kind: 'conflict' };
  if (stored.length > 0) return { kind: 'mixed', stored };
  return { kind: 'write' };
}
