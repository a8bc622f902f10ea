// The public ingress: what `send()` takes becomes an envelope, and what the pipeline made of it
// becomes the caller's result (or its error).
import type { Handler } from '@eventflow/language';
import type { Timestamps } from '../clock.ts';
import { handlersFor, type SystemDefinition } from '../definition.ts';
import type { Envelope } from '../envelope.ts';
import { EventFlowError } from '../errors.ts';
import { parseInstanceRef, type IdGenerator } from '../ids.ts';
import { acceptPayload, type PayloadLimits } from '../payload.ts';
import type { Mutable } from '../values.ts';
import type { SendInput, SendResult } from './api.ts';
import { senderAddress } from '../sender.ts';
import { unknownMachine } from './failures.ts';
import { activeCarrier } from './trace-context.ts';
import type { Handled } from './batch.ts';

const NOT_A_REF: { readonly machine?: string; readonly aggregateId?: string } = {};

/** The envelope of a sent event; its data is checked and copied here, before anything is stored (INVALID_PAYLOAD otherwise). */
export function envelopeOf(input: SendInput, system: SystemDefinition, ids: IdGenerator, time: Timestamps, payload?: PayloadLimits): Envelope {
  const ref = input.to.includes(':') ? parseInstanceRef(input.to) : NOT_A_REF;
  const name = ref.machine ?? input.to;
  const machine = system.machines.get(name);
  if (!machine) throw unknownMachine(system, name, input.event);
  const from = input.from === undefined ? { machine: declaredSender(handlersFor(machine, input.event)) ?? '@external' } : senderAddress(input.from, (name) => system.machines.has(name));
  const aggregateId = input.aggregate_id ?? (ref.machine ? ref.aggregateId : undefined);
  const envelope: Mutable<Envelope> = {
    id: input.id ?? ids.eventId(),
    event: input.event,
    conversation_id: input.conversation_id ?? ids.conversationId(),
    from,
    to: aggregateId ? { machine: machine.name, aggregate_id: aggregateId } : { machine: machine.name },
    data: acceptPayload(input.data, payload),
    timestamp: time.iso(),
    api: true,
  };
  // The caller's trace, when it has one, travels with what it sends.
  const trace = activeCarrier();
  if (trace) envelope.trace = trace;
  return envelope;
}

/** The caller's result; a failure is thrown as it came. */
export function resultOf(handled: Handled): SendResult {
  if (handled.kind === 'failed') throw handled.error;
  if (handled.kind === 'deferred') throw new EventFlowError('NOT_HANDLED', 'The event was not handled');
  const record = handled.record;
  const result: Mutable<SendResult> = {
    aggregate_id: record.aggregate_id,
    machine: record.machine,
    state: record.outcome.state_after,
    seq: record.seq,
    event_id: record.event_id,
    conversation_id: record.conversation_id ?? '',
    duplicate: handled.kind === 'duplicate',
  };
  if (record.outcome.reply) result.reply = record.outcome.reply;
  return result;
}

/** The sender the first handler that names one expects (`on :e from @customer`). */
function declaredSender(handlers: readonly Handler[]): string | undefined {
  return handlers.find((handler) => handler.from !== undefined)?.from;
}
