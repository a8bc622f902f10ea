// The pure step: deciding one event is decide(machine, handler, snapshot, envelope, env). It does no
// store or transport I/O. Where it needs the shell (a synchronous request, the instances a broadcast
// reaches) it yields a question and is resumed with the answer; it returns the final record, the
// instance after it, and what else the run did. Replay folds the record and never runs this again.
import type { Handler } from '@eventflow/language';
import type { MachineDefinition } from '../definition.ts';
import type { Envelope } from '../envelope.ts';
import { ValidationError, type FieldProblem } from '../errors.ts';
import type { Reply, StoredRecord } from '../record.ts';
import { advance, replay } from '../replay.ts';
import type { Snapshot } from '../snapshot.ts';
import { located } from '../located.ts';
import { checkRules } from '../validation.ts';
import type { Mutable } from '../values.ts';
import { BindingHost } from './binding-host.ts';
import { EnvelopeFactory } from './envelopes.ts';
import type { StepEnvironment, Steps } from './environment.ts';
import { Interpreter } from './interpreter.ts';
import { recordOf } from './outcome.ts';
import { WorkingCopy, type ActionCall, type GuardResult, type Violation } from './working-copy.ts';

/** What else a run did, besides the record: for `observe` and the test runner. */
export interface Effects {
  readonly handler: Handler;
  readonly reply?: Reply;
  readonly calls: readonly ActionCall[];
  readonly guards: readonly GuardResult[];
  readonly warnings: readonly string[];
  /** Set when a context constraint failed: the handler was rolled back. */
  readonly violation?: Violation;
}

/** What the step decided about one event. */
export type Decided =
  /** The record to append (final: its outcome holds the emits, schedules, broadcasts and reply) and the instance after it. */
  | { readonly kind: 'record'; readonly record: StoredRecord; readonly snapshot: Snapshot; readonly effects: Effects }
  /** The data broke rules its sender declared: nothing is stored, `notice` (`:validation_failed`) goes back to the sender. */
  | { readonly kind: 'refused'; readonly error: ValidationError; readonly notice: Envelope };

/** A running step: yields what it waits for (see `Pending`), returns what it decided. */
export type Decision = Steps<Decided>;

/**
 * Decides one event: runs `handler` for `envelope` on a working copy of `snapshot`. Yields a
 * binding's promise or a `Question` when it has to wait, and is resumed with the result.
 */
export function* decide(machine: MachineDefinition, handler: Handler, snapshot: Snapshot, envelope: Envelope, env: StepEnvironment): Decision {
  if (envelope.rules) {
    const problems = yield* senderRuleProblems(machine, envelope, env);
    if (problems.length > 0) return refusal(machine, envelope, env, problems);
  }
  const copy = new WorkingCopy(snapshot);
  const envelopes = new EnvelopeFactory(machine.name, snapshot, envelope, env);
  const host = new BindingHost(machine.name, snapshot.aggregate_id, envelope, env, copy, envelopes);
  const interpreter = new Interpreter(machine, snapshot, copy, host, envelopes);
  try {
    yield* interpreter.block(handler.body);
  } catch (error) {
    if (!interpreter.rolledBack(error)) throw located(error, interpreter.at);
  }
  if (copy.broadcasts.length > 0) yield* resolveBroadcasts(copy, envelopes);
  const record = recordOf(machine, snapshot, envelope, copy);
  // Links, conversations and history come from folding the record, as replay will; the context from
  // the run itself (replay must agree with it, and the conformance suite checks it does).
  const after = copy.violation ? replay(snapshot, [record]) : advance(snapshot, record, copy.context);
  const effects: Mutable<Effects> = { handler, calls: copy.calls, guards: copy.guards, warnings: copy.warnings };
  if (copy.reply) effects.reply = copy.reply;
  if (copy.violation) effects.violation = copy.violation;
  return { kind: 'record', record, snapshot: after, effects };
}

/** `emit ... to all @m`: one envelope per instance the shell says the broadcast reaches, after the run's own emits. */
function* resolveBroadcasts(copy: WorkingCopy, envelopes: EnvelopeFactory): Steps<void> {
  for (const broadcast of copy.broadcasts) {
    const reached = (yield { kind: 'instances', machine: broadcast.machine, states: broadcast.states }) as readonly string[];
    copy.emitted = copy.emitted.concat(reached.map((aggregateId) => envelopes.broadcast(broadcast, aggregateId)));
  }
}

/** The receiver checks the rules the sender declared per field (`with:` validation column) before the handler runs. */
function* senderRuleProblems(machine: MachineDefinition, envelope: Envelope, env: StepEnvironment): Steps<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const lookup = (name: string) => env.bindings.named('rule', machine.name, name) as never;
  for (const [field, rules] of Object.entries(envelope.rules ?? {})) {
    problems.push(...((yield checkRules(field, envelope.data[field], rules, lookup)) as FieldProblem[]));
  }
  return problems;
}

function refusal(machine: MachineDefinition, envelope: Envelope, env: StepEnvironment, problems: FieldProblem[]): Decided {
  const notice: Envelope = {
    id: env.ids.eventId(),
    event: ':validation_failed',
    conversation_id: envelope.conversation_id,
    from: { machine: machine.name },
    to: envelope.from,
    data: { event: envelope.event, errors: problems },
    timestamp: env.time.iso(),
    causation_id: envelope.id,
    ...(envelope.trace ? { trace: envelope.trace } : {}),
  };
  return { kind: 'refused', error: new ValidationError(`Event ${envelope.event} to ${machine.name} has invalid data`, problems), notice };
}
