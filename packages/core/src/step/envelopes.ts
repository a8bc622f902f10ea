// The envelopes one handler run makes: emits, requests, schedules and broadcasts, all sent by this
// instance and caused by the envelope being handled (whose trace they continue). Ids and timestamps
// come from the environment.
import type { Emit } from '@eventflow/language';
import { routeEmit } from '../conversation.ts';
import type { Address, Envelope } from '../envelope.ts';
import type { Snapshot } from '../snapshot.ts';
import type { Data, Mutable } from '../values.ts';
import type { StepEnvironment } from './environment.ts';
import type { BroadcastRequest } from './working-copy.ts';

const UNIT_MS = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

export class EnvelopeFactory {
  /** This instance as a sender: one address for every envelope of the run (envelopes are immutable). */
  readonly self: Address;
  private readonly snapshot: Snapshot;
  private readonly current: Envelope;
  private readonly env: StepEnvironment;

  constructor(machine: string, snapshot: Snapshot, current: Envelope, env: StepEnvironment) {
    this.self = { machine, aggregate_id: snapshot.aggregate_id };
    this.snapshot = snapshot;
    this.current = current;
    this.env = env;
  }

  /** `emit :e to @m`: to the correspondent conversation routing picks (@self: this instance, in this conversation). */
  emit(emit: Emit, data: Data, rules?: Envelope['rules']): Envelope {
    const target = emit.target.machine;
    if (target === '@self') return this.toSelf(emit.event, data, rules);
    const route = routeEmit(this.snapshot, this.current, target, this.env.machines.has(target) ? this.env : { ids: this.env.ids, external: true });
    return this.envelope(emit.event, route.to, route.conversation_id, data, rules);
  }

  /** `$x becomes emit :e to @m`: routed like an emit to a machine of the system. */
  request(emit: Emit, data: Data): Envelope {
    const route = routeEmit(this.snapshot, this.current, emit.target.machine, this.env);
    return this.envelope(emit.event, route.to, route.conversation_id, data);
  }


  /** An event to this instance, in the conversation being handled. */
  toSelf(event: string, data: Data, rules?: Envelope['rules']): Envelope {
    return this.envelope(event, this.self, this.current.conversation_id, data, rules);
  }

  /** `schedule :e for N unit`: to this instance from @system, not before the delay has passed. */
  schedule(event: string, delay: number, unit: keyof typeof UNIT_MS): Envelope {
    const envelope = this.toSelf(event, {});
    const due = new Date(Date.parse(envelope.timestamp) + delay * UNIT_MS[unit]).toISOString();
    return { ...envelope, from: { machine: '@system' }, not_before: due };
  }

  /** One envelope of `emit ... to all @m`, to one instance, in a new conversation. */
  broadcast(broadcast: BroadcastRequest, aggregateId: string): Envelope {
    const to = { machine: broadcast.machine, aggregate_id: aggregateId };
    return this.envelope(broadcast.event, to, this.env.ids.conversationId(), broadcast.data);
  }

  private envelope(event: string, to: Address, conversation: string, data: Data, rules?: Envelope['rules']): Envelope {
    const envelope: Mutable<Envelope> = {
      id: this.env.ids.eventId(),
      event,
      conversation_id: conversation,
      from: this.self,
      to,
      data,
      timestamp: this.env.time.iso(),
      causation_id: this.current.id,
    };
    if (rules) envelope.rules = rules;
    // The shell hands the step the event with the trace it is handled in: what it makes continues it.
    if (this.current.trace) envelope.trace = this.current.trace;
    return envelope;
  }
}
