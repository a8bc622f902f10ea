// Ids a caller sends (an instance in the path or payload, an Idempotency-Key) are checked at the
// edge: short, and made of characters no store or log could read as anything but a name.
import { problem, type Answer } from './answer.ts';

const ID = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,127}$/;

export function isSafeId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

export function invalidId(where: string, value: unknown): Answer {
  return problem(422, 'validation-error', 'Invalid id', `${where} must be 1-128 letters, digits, '_', '-', '.' or ':' (not first); got ${JSON.stringify(value)?.slice(0, 80) ?? 'nothing'}.`, {
    errors: [{ field: where, rules: ['id'], message: 'is not a valid id' }],
  });
}

/** The instance a request names: the path's id, else the payload's `<machine>_id`, else its `aggregate_id`. */
export function namedInstance(pathId: string | undefined, payload: Record<string, unknown>, idField: string): { id?: string; failed?: Answer } {
  const candidates: [string, unknown][] = [
    ['id', pathId],
    [idField, payload[idField]],
    ['aggregate_id', payload['aggregate_id']],
  ];
  for (const [where, value] of candidates) {
    if (value === undefined) continue;
    return isSafeId(value) ? { id: value } : { failed: invalidId(where, value) };
  }
  return {};
}
