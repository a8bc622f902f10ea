// The shell's answers to what the step asks mid-way: a synchronous request handled at its target
// now (`$x becomes emit ...`), and the instances a broadcast reaches (`emit ... to all @m in #s`).
import type { SystemDefinition } from '../definition.ts';
import type { Envelope } from '../envelope.ts';
import { isDeadlockError } from '../errors.ts';
import { stateName } from '../values.ts';
import type { Snapshot } from '../snapshot.ts';
import type { Instances } from './instances.ts';
import type { Handled, HandleOptions } from './batch.ts';
import type { Answer } from './run-step.ts';

/** Handles envelopes the way the pipeline does (it is the pipeline, seen from here). */
export type Handle = (envelopes: readonly Envelope[], options: HandleOptions) => Promise<Handled[]>;

/** What answers `asker`'s step: a synchronous request is handled at its target now, a broadcast learns the instances it reaches. */
export function answersFor(handle: Handle, parts: { system: SystemDefinition; instances: Instances }, asker: Snapshot, waiting: readonly string[]): Answer {
  const { system, instances } = parts;
  return (question) =>
    question.kind === 'request'
      ? requestAnswer(handle, system, question.envelope, [...waiting, asker.aggregate_id])
      : instancesIn(instances, system, question.machine, question.states);
}

/**
 * What `$x` becomes: the target's reply fields, `success`, its state and id (and the reply itself);
 * or `success: false` and the error. A deadlock fails the asking handler too.
 */
export async function requestAnswer(handle: Handle, system: SystemDefinition, envelope: Envelope, waiting: readonly string[]): Promise<Record<string, unknown>> {
  if (!system.machines.has(envelope.to.machine)) return { success: false, error: `${envelope.to.machine} is not a machine of this system` };
  // The step made the envelope's id just now: it cannot have been handled before.
  const [handled] = await handle([envelope], { newIds: true, waiting });
  if (handled?.kind === 'committed' || handled?.kind === 'duplicate') {
    const { outcome } = handled.record;
    return {
      ...(outcome.reply?.body ?? {}),
      success: true,
      state: stateName(outcome.state_after),
      aggregate_id: handled.record.aggregate_id,
      ...(outcome.reply ? { reply: outcome.reply } : {}),
    };
  }
  const error = handled?.kind === 'failed' ? handled.error : new Error(`${envelope.event} was not handled`);
  if (isDeadlockError(error)) throw error;
  return { success: false, error: error instanceof Error ? error.message : String(error) };
}

/** Ids of `machine`'s instances in one of `states` (in any state when none are listed), in creation order. */
export async function instancesIn(instances: Instances, system: SystemDefinition, machine: string, states: readonly string[]): Promise<string[]> {
  const definition = system.machines.get(machine);
  if (states.length > 0 && definition === undefined) return [];
  const reached: string[] = [];
  for await (const id of instances.ids(machine)) {
    if (states.length === 0 || states.includes((await instances.load(id, definition ? { machine: definition } : {})).state)) reached.push(id);
  }
  return reached;
}
