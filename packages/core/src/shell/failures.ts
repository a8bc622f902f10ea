// The failures of handling one event that the pipeline raises itself, and which failures retrying
// cannot fix (the event or the flow is at fault) as opposed to those a redelivery may get past.
import type { Handler } from '@eventflow/language';
import type { MachineDefinition, SystemDefinition } from '../definition.ts';
import type { Envelope } from '../envelope.ts';
import { EventFlowError, isEventFlowError } from '../errors.ts';

/** Codes of failures that come back the same however often the event is tried. */
const PERMANENT: ReadonlySet<string> = new Set([
  'UNKNOWN_MACHINE',
  'UNHANDLED_EVENT',
  'INTERNAL_EVENT',
  'SCHEDULED_EVENT',
  'ROUTING_ERROR',
  'INVALID_ID',
  'VALIDATION_ERROR',
  'MISSING_BINDING',
  'DEFINITION_ERROR',
  'DEADLOCK',
]);

/**
 * True when retrying cannot help: the event is reported and acknowledged. A binding that threw, a
 * concurrency conflict past its deadline, or a store or broker outage are retried by redelivery.
 */
export function isPermanent(error: unknown): boolean {
  return isEventFlowError(error) && PERMANENT.has(error.code);
}

export function unknownMachine(system: SystemDefinition, name: string, event: string): EventFlowError {
  return new EventFlowError('UNKNOWN_MACHINE', `Cannot send ${event} to ${name}: no such machine`, {
    hint: `Machines: ${[...system.machines.keys()].join(', ')}`,
  });
}

/** A sent event is refused with the machine's handlers as a hint; a delivered one is reported as dropped. */
export function unhandled(machine: MachineDefinition, envelope: Envelope, options: { readonly sent: boolean }): EventFlowError {
  const message = `${machine.name} has no handler for ${envelope.event} from ${envelope.from.machine}`;
  if (!options.sent) return new EventFlowError('UNHANDLED_EVENT', `${message}; dropped`);
  return new EventFlowError('UNHANDLED_EVENT', message, {
    hint: `Handlers of ${machine.name}: ${machine.handlers.map((h) => `${h.event}${h.from ? ` from ${h.from}` : ''}`).join(', ')}`,
  });
}

export function internalEvent(machine: MachineDefinition, handler: Handler): EventFlowError {
  return new EventFlowError('INTERNAL_EVENT', `${handler.event} is an internal event of ${machine.name}; the public ingress refuses it`, {
    hint: `Mark the handler (api) — 'on ${handler.event} from ${handler.from ?? '@actor'} (api)' — or send with { trusted: true }.`,
  });
}
