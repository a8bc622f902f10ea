// The pipeline's first stage: each envelope of a batch gets its machine, its handler and its instance,
// grouped by instance; an event id repeated within the batch is handled once. Redeliveries: see
// `notSeenBefore` for which events the store is asked about before they are decided.
import type { Handler } from '@eventflow/language';
import { pickHandler, type MachineDefinition, type SystemDefinition } from '../definition.ts';
import type { Envelope } from '../envelope.ts';
import { DeadlockError } from '../errors.ts';
import type { IdGenerator } from '../ids.ts';
import { refuseUntargetedScheduled } from '../scheduled.ts';
import type { EventStore } from '../ports.ts';
import { NO_ITEMS } from '../values.ts';
import type { Group, Handled, HandleOptions, Routed } from './batch.ts';
import { internalEvent, unhandled, unknownMachine } from './failures.ts';
import type { Instances } from './instances.ts';
import { namedInstance, resolveTarget } from './routing.ts';

export interface RouteParts {
  readonly system: SystemDefinition;
  readonly store: EventStore;
  readonly instances: Instances;
  readonly ids: IdGenerator;
}

const NO_NAMES: ReadonlySet<string> = new Set();

/** An envelope with the machine and handler that take it, not yet placed at an instance. */
interface Candidate {
  readonly index: number;
  readonly envelope: Envelope;
  readonly machine: MachineDefinition;
  readonly handler: Handler;
}

/** Routes a batch; an envelope that cannot go anywhere gets its result here and is left out. */
export async function route(envelopes: readonly Envelope[], options: HandleOptions, parts: RouteParts, results: Handled[]): Promise<Group[]> {
  const candidates = handled(envelopes, options, parts.system, results);
  const { instances } = parts;
  const names = namesToCheck(candidates);
  // What is cached now counts as stored: batches handled meanwhile may push it out of the cache
  // while the others are looked up, and it is loaded from the store then.
  const cached = new Set(names.filter((id) => instances.cached(id)));
  const unknown = names.filter((id) => !cached.has(id));
  const stored = unknown.length > 0 ? await instances.storedAmong(unknown) : NO_NAMES;
  const waiting = options.waiting ?? NO_ITEMS;
  const lookup = { exists: (id: string) => cached.has(id) || stored.has(id) || instances.cached(id), newId: (machine: string) => parts.ids.aggregateId(machine) };
  // A new instance's id is made here, so its event is a group of its own; named instances may repeat.
  const groups: Routed[][] = [];
  const byName = new Map<string, Routed[]>();
  for (const { index, envelope, machine, handler } of candidates) {
    try {
      const target = resolveTarget(machine, envelope, lookup);
      if (waiting.includes(target.aggregateId)) throw new DeadlockError(envelope.event, target.aggregateId);
      const routed: Routed = { index, envelope, machine, handler, aggregateId: target.aggregateId, created: !target.explicit, unchecked: !options.newIds };
      const group = routed.created ? undefined : byName.get(routed.aggregateId);
      if (group) {
        group.push(routed);
      } else {
        groups.push([routed]);
        if (!routed.created) byName.set(routed.aggregateId, groups[groups.length - 1] as Routed[]);
      }
    } catch (error) {
      results[index] = { kind: 'failed', error };
    }
  }
  return options.newIds ? groups : notSeenBefore(groups, envelopes, parts.store, results);
}

/** What the definition alone decides: the machine, its handler, what the ingress refuses, a deadlock on a named instance. */
function handled(envelopes: readonly Envelope[], options: HandleOptions, system: SystemDefinition, results: Handled[]): Candidate[] {
  // Ids made just now cannot repeat.
  const seen = options.newIds ? undefined : new Set<string>();
  const candidates: Candidate[] = [];
  envelopes.forEach((envelope, index) => {
    if (seen?.has(envelope.id)) return;
    seen?.add(envelope.id);
    try {
      const machine = system.machines.get(envelope.to.machine);
      if (!machine) throw unknownMachine(system, envelope.to.machine, envelope.event);
      const handler = pickHandler(machine, envelope.event, envelope.from.machine);
      if (!handler) throw unhandled(machine, envelope, { sent: options.sent !== undefined });
      if (options.sent !== undefined) refuseUntargetedScheduled(machine.name, envelope.event, handler, envelope.to.aggregate_id);
      if (options.sent === 'public' && !handler.api) throw internalEvent(machine, handler);
      // An instance waiting for an answer may not be stored yet (its first event asked): checked before routing.
      const addressed = envelope.to.aggregate_id;
      if (addressed !== undefined && options.waiting?.includes(addressed)) throw new DeadlockError(envelope.event, addressed);
      candidates.push({ index, envelope, machine, handler });
    } catch (error) {
      results[index] = { kind: 'failed', error };
    }
  });
  return candidates;
}

/**
 * Redeliveries. A lone event of its instance in the batch is decided without asking the store: if it
 * was handled before, the append finds its event id stored and says `duplicate`, and if the step
 * refuses it (its instance moved on) the pipeline asks then. Looked up here are the events the
 * append could not tell: those of an instance with several events in the batch (a commit must not
 * mix handled and new events) and those of machines that ask other instances mid-step (the answer
 * is committed before the append); and those routing failed (a changed definition may no longer
 * take an event it once handled). Events handled before leave their groups; their stored records
 * are their results.
 */
async function notSeenBefore(groups: Routed[][], envelopes: readonly Envelope[], store: EventStore, results: Handled[]): Promise<Group[]> {
  const asked = new Set(groups.filter((group) => group.length > 1 || (group[0] as Routed).machine.requests));
  const unrouted = envelopes.flatMap((envelope, index) => (results[index]?.kind === 'failed' ? [{ index, envelope }] : []));
  if (asked.size === 0 && unrouted.length === 0) return groups;
  const items: { readonly index: number; readonly envelope: Envelope }[] = [...[...asked].flat(), ...unrouted];
  const stored = await Promise.all(items.map((item) => store.findByEventId(item.envelope.id)));
  const seen = new Set<number>();
  items.forEach((item, i) => {
    const record = stored[i];
    if (record) {
      results[item.index] = { kind: 'duplicate', record };
      seen.add(item.index);
    }
  });
  const checked = (group: Routed[]): Routed[] => group.map((item) => ({ ...item, unchecked: false }));
  return groups
    .map((group) => (asked.has(group) ? checked(group.filter((item) => !seen.has(item.index))) : group))
    .filter((group) => group.length > 0);
}

/** The instances named by events that do not create one: they must exist. */
function namesToCheck(candidates: readonly Candidate[]): string[] {
  const names: string[] = [];
  for (const { machine, envelope } of candidates) {
    if (machine.creators.has(envelope.event)) continue;
    try {
      const name = namedInstance(machine, envelope);
      if (name !== undefined) names.push(name);
    } catch {
      // An invalid id fails the envelope when it is routed.
    }
  }
  return names;
}
