// What a run decided, as the record replay will fold: the context patch (top-level keys set and
// removed), the states entered, the outbox and the reply. Replay never runs the handler again.
import type { MachineDefinition } from '../definition.ts';
import type { Envelope } from '../envelope.ts';
import type { ContextPatch, Outcome, StoredRecord } from '../record.ts';
import type { Snapshot } from '../snapshot.ts';
import { hasKeys, NO_FIELDS, NO_ITEMS, put, type Data, type Mutable } from '../values.ts';
import type { WorkingCopy } from './working-copy.ts';

/** The patch of a run that left the context alone (shared: records are immutable). */
const NO_PATCH: ContextPatch = Object.freeze({ set: NO_FIELDS, unset: NO_ITEMS });

/** The record of handling `envelope`: the instance's next seq, the envelope's facts, the outcome. */
export function recordOf(machine: MachineDefinition, before: Snapshot, envelope: Envelope, copy: WorkingCopy): StoredRecord {
  return {
    aggregate_id: before.aggregate_id,
    machine: machine.name,
    seq: before.seq + 1,
    event_id: envelope.id,
    event_type: envelope.event,
    data: envelope.data,
    conversation_id: envelope.conversation_id,
    from: envelope.from,
    timestamp: envelope.timestamp,
    outcome: outcomeOf(before, copy),
  };
}

function outcomeOf(before: Snapshot, copy: WorkingCopy): Outcome {
  const outcome: Mutable<Outcome> = {
    state_after: copy.state,
    context_patch: patchOf(before.context, copy.context),
    states_entered: copy.entered,
    emitted: copy.emitted,
  };
  if (copy.reply) outcome.reply = copy.reply;
  return outcome;
}

/** The top-level keys whose values changed, and the keys removed. */
function patchOf(before: Readonly<Data>, after: Readonly<Data>): ContextPatch {
  if (after === before) return NO_PATCH;
  // A first context is its own patch: one object for the record and the snapshot (both immutable).
  if (!hasKeys(before)) return hasKeys(after) ? { set: after, unset: NO_ITEMS } : NO_PATCH;
  let set: Data | undefined;
  let unset: string[] | undefined;
  for (const key in after) if (Object.hasOwn(after, key) && before[key] !== after[key]) put((set ??= {}), key, after[key]);
  for (const key in before) if (Object.hasOwn(before, key) && !Object.hasOwn(after, key)) (unset ??= []).push(key);
  if (set === undefined && unset === undefined) return NO_PATCH;
  return { set: set ?? NO_FIELDS, unset: unset ?? NO_ITEMS };
}
