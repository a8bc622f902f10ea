// The pure step: transition(definition, snapshot, envelope, env) -> [snapshot, effects].
// It performs no I/O: bindings, ids and the clock come in through `env`, and every decision
// lands in `effects.record`, which replay folds without running anything again.
import type { Handler } from '@eventflow/language';
import type { BindingRegistry } from './bindings.ts';
import type { Clock } from './clock.ts';
import { pickHandler, type MachineDefinition } from './definition.ts';
import type { Envelope } from './envelope.ts';
import type { IdGenerator } from './ids.ts';
import type { Reply, StoredRecord } from './record.ts';
import type { Maybe } from './maybe.ts';
import { advance, replay } from './replay.ts';
import type { Mutable } from './values.ts';
import type { Snapshot } from './snapshot.ts';
import { HandlerRun, type ActionCall, type BroadcastRequest, type GuardResult, type Overrides, type Violation } from './handler-run.ts';

/** What the pure step may use: bindings, ids and a clock, all injected. */
export interface StepEnvironment {
  readonly bindings: BindingRegistry;
  readonly ids: IdGenerator;
  readonly clock: Clock;
  /** Machines of the loaded system; emits to anything else go to external actors. */
  readonly machines: ReadonlySet<string>;
  /** `runtime`: an unbound action fails the handler; `test`: it is a no-op with a warning. */
  readonly mode: 'runtime' | 'test';
  /** Test doubles (`assume:`): forced guard results and action outcomes. */
  readonly overrides?: Overrides;
  /** Runs `$x becomes emit ...` synchronously against the target (`parent`: the envelope being handled); resolves to its result. */
  readonly request?: (envelope: Envelope, parent: Envelope) => Promise<Record<string, unknown>>;
}

/** What a step asks the shell to do: the record to store, envelopes to send, a reply. */
export interface Effects {
  /** False when the machine has no handler for this event (from this sender). */
  readonly handled: boolean;
  readonly handler?: Handler;
  /** The record to persist (absent when unhandled). Its `outcome.emitted` is the outbox. */
  readonly record?: StoredRecord;
  /** `emit ... to all @m`: the runtime expands these into envelopes before persisting. */
  readonly broadcasts: readonly BroadcastRequest[];
  readonly reply?: Reply;
  readonly calls: readonly ActionCall[];
  readonly guards: readonly GuardResult[];
  readonly warnings: readonly string[];
  /** Set when a context constraint failed: the handler was rolled back. */
  readonly violation?: Violation;
}

/** What one step returns: the instance after the event, and the effects for the shell to carry out. */
export type StepResult = [Snapshot, Effects];

const UNHANDLED: Effects = Object.freeze({ handled: false, broadcasts: [], calls: [], guards: [], warnings: [] });

/** The pure step: an instance and an event in, the next instance and the effects out. It runs no I/O. */
export async function transition(
  machine: MachineDefinition,
  snapshot: Snapshot,
  envelope: Envelope,
  env: StepEnvironment,
): Promise<StepResult> {
  return step(machine, snapshot, envelope, env);
}

/** `transition` without a promise when no statement had to wait (the runtime's hot path). */
export function step(
  machine: MachineDefinition,
  snapshot: Snapshot,
  envelope: Envelope,
  env: StepEnvironment,
  /** The handler for this envelope, when the caller has picked it already. */
  picked?: Handler,
): Maybe<StepResult> {
  const handler = picked ?? pickHandler(machine, envelope.event, envelope.from.machine);
  if (!handler) return [snapshot, UNHANDLED];
  const run = new HandlerRun(machine, snapshot, envelope, env);
  const pending = run.execute(handler.body);
  return pending ? pending.then(() => finish(machine, snapshot, envelope, handler, run)) : finish(machine, snapshot, envelope, handler, run);
}

function finish(machine: MachineDefinition, snapshot: Snapshot, envelope: Envelope, handler: Handler, run: HandlerRun): StepResult {
  const outcome = run.outcome();
  // One literal with every field (a field added later would need a second, out-of-object store).
  const record: StoredRecord = {
    aggregate_id: snapshot.aggregate_id,
    machine: machine.name,
    seq: snapshot.seq + 1,
    event_id: envelope.id,
    event_type: envelope.event,
    data: envelope.data,
    conversation_id: envelope.conversation_id,
    from: envelope.from,
    timestamp: envelope.timestamp,
    outcome,
  };
  const effects: Mutable<Effects> = {
    handled: true,
    handler,
    record,
    broadcasts: run.violation ? [] : run.broadcasts,
    calls: run.calls,
    guards: run.guards,
    warnings: run.warnings,
  };
  if (outcome.reply) effects.reply = outcome.reply;
  if (run.violation) effects.violation = run.violation;
  // Links, conversations and history come from folding the record, as replay will; state and
  // context from the run itself: replay must agree with them, and the conformance suite checks it.
  const live = run.violation ? replay(snapshot, [record]) : advance(snapshot, record, run.context);
  return [live, effects];
}
