// Which aggregate does an arriving event belong to? (LANGUAGE.md §4.5, the instance-management seed)
import type { MachineDefinition } from '../definition.ts';
import type { Envelope } from '../envelope.ts';
import { EventFlowError, RoutingError } from '../errors.ts';

export interface ResolvedTarget {
  readonly aggregateId: string;
  /** The id came from the envelope or payload; else it was made just now for a new instance. */
  readonly explicit: boolean;
}

/** Ids become store keys: plain strings only, never anything a database could read as an operator. */
export function checkAggregateId(id: unknown, where: string): string {
  if (typeof id !== 'string' || id.length === 0 || id.length > 200 || id.includes('$') || id.includes('\u0000') || id.startsWith('.')) {
    throw new EventFlowError('INVALID_ID', `Invalid aggregate id in ${where}: ${JSON.stringify(id)}`, {
      hint: 'An aggregate id is a non-empty string of at most 200 characters without "$" or NUL.',
    });
  }
  return id;
}

/**
 * Order: `to.aggregate_id` (callers, or conversation routing by the sender), then the payload's
 * `<machine>_id`, then its `aggregate_id`; without any, the creation handler makes a new id and
 * every other handler fails with the seed's routing error. A named instance must exist, unless the
 * event creates instances.
 */
export async function resolveTarget(
  machine: MachineDefinition,
  envelope: Envelope,
  exists: (aggregateId: string) => Promise<boolean>,
  newId: () => string,
): Promise<ResolvedTarget> {
  const idField = machine.idField;
  const data = envelope.data as Record<string, unknown>;
  const named =
    envelope.to.aggregate_id !== undefined
      ? checkAggregateId(envelope.to.aggregate_id, 'to.aggregate_id')
      : data[idField] !== undefined
        ? checkAggregateId(data[idField], `payload field '${idField}'`)
        : data['aggregate_id'] !== undefined
          ? checkAggregateId(data['aggregate_id'], "payload field 'aggregate_id'")
          : undefined;
  const creates = machine.creators.has(envelope.event);
  if (named !== undefined) {
    if (!creates && !(await exists(named))) {
      throw new RoutingError(envelope.event, machine.name, [`No ${machine.name.slice(1)} aggregate with id '${named}' exists`]);
    }
    return { aggregateId: named, explicit: true };
  }
  if (creates) return { aggregateId: newId(), explicit: false };
  throw new RoutingError(envelope.event, machine.name, ['No aggregate_id provided in event payload', 'No conversation context available']);
}
