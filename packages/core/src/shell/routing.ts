// Which aggregate does an arriving event belong to? (LANGUAGE.md §4.5, the instance-management seed)
import type { MachineDefinition } from '../definition.ts';
import type { Envelope } from '../envelope.ts';
import { EventFlowError, RoutingError } from '../errors.ts';

/** The instance an arriving event belongs to. */
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
 * The instance an envelope names: `to.aggregate_id` (callers, or conversation routing by the
 * sender), then the payload's `<machine>_id`, then its `aggregate_id`; undefined when it names none.
 */
export function namedInstance(machine: MachineDefinition, envelope: Envelope): string | undefined {
  const idField = machine.idField;
  const data = envelope.data as Record<string, unknown>;
  if (envelope.to.aggregate_id !== undefined) return checkAggregateId(envelope.to.aggregate_id, 'to.aggregate_id');
  if (data[idField] !== undefined) return checkAggregateId(data[idField], `payload field '${idField}'`);
  if (data['aggregate_id'] !== undefined) return checkAggregateId(data['aggregate_id'], "payload field 'aggregate_id'");
  return undefined;
}

/** Whether a named instance is stored, and how to name a new one. */
export interface TargetLookup {
  readonly exists: (aggregateId: string) => boolean;
  /** A new aggregate id for an instance of `machine`. */
  readonly newId: (machine: string) => string;
}

/**
 * The instance an envelope goes to: the one it names, which must exist unless the event creates
 * instances; without a name, the creation handler makes a new id and every other handler fails with
 * the seed's routing error.
 */
export function resolveTarget(machine: MachineDefinition, envelope: Envelope, lookup: TargetLookup): ResolvedTarget {
  const named = namedInstance(machine, envelope);
  const creates = machine.creators.has(envelope.event);
  if (named !== undefined) {
    if (!creates && !lookup.exists(named)) {
      throw new RoutingError(envelope.event, machine.name, [`No ${machine.name.slice(1)} aggregate with id '${named}' exists`]);
    }
    return { aggregateId: named, explicit: true };
  }
  if (creates) return { aggregateId: lookup.newId(machine.name), explicit: false };
  throw new RoutingError(envelope.event, machine.name, ['No aggregate_id provided in event payload', 'No conversation context available']);
}
