// Which aggregate does an arriving event belong to? (LANGUAGE.md §4.5, the instance-management seed)
import type { MachineDefinition } from './definition.ts';
import type { Envelope } from './envelope.ts';
import { EventFlowError, RoutingError } from './errors.ts';
import { isThenable, type Maybe } from './maybe.ts';

/** The instance an arriving event belongs to. */
export interface ResolvedTarget {
  readonly aggregateId: string;
  /** The id came from the envelope or payload (not generated). */
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
 * every other handler fails with the seed's routing error.
 */
export function resolveTarget(
  machine: MachineDefinition,
  envelope: Envelope,
  exists: (aggregateId: string) => Maybe<boolean>,
  newId: () => string,
): Maybe<ResolvedTarget> {
  const idField = machine.idField;
  const data = envelope.data as Record<string, unknown>;
  const explicit =
    envelope.to.aggregate_id !== undefined
      ? checkAggregateId(envelope.to.aggregate_id, 'to.aggregate_id')
      : data[idField] !== undefined
        ? checkAggregateId(data[idField], `payload field '${idField}'`)
        : data['aggregate_id'] !== undefined
          ? checkAggregateId(data['aggregate_id'], "payload field 'aggregate_id'")
          : undefined;
  const creates = machine.creators.has(envelope.event);
  if (explicit !== undefined) {
    const found: ResolvedTarget = { aggregateId: explicit, explicit: true };
    if (creates) return found;
    const stored = exists(explicit);
    return isThenable(stored) ? Promise.resolve(stored).then((known) => existing(found, known, envelope, machine)) : existing(found, stored, envelope, machine);
  }
  if (creates) return { aggregateId: newId(), explicit: false };
  throw new RoutingError(envelope.event, machine.name, [
    'No aggregate_id provided in event payload',
    'No conversation context available',
  ]);
}

/** `found`, when the instance it names is stored. */
function existing(found: ResolvedTarget, stored: boolean, envelope: Envelope, machine: MachineDefinition): ResolvedTarget {
  if (!stored) throw new RoutingError(envelope.event, machine.name, [`No ${machine.name.slice(1)} aggregate with id '${found.aggregateId}' exists`]);
  return found;
}
