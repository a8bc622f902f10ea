// The lane diagram of what really happened: built from stored records (an instance's history, or every
// record of a conversation), one lane per instance, in the order the records were stored. Each record
// is the arrow that delivered its event; emits nobody stored (to outside actors) and replies are drawn
// right after the record that produced them.
import { LaneBook } from './lane-book.ts';
import type { LaneDiagram, LaneStep } from './model.ts';
import { replyText } from './status-text.ts';

/** The parts of a stored record (`StoredRecord` of @eventflow/core) the diagram reads. */
export interface LaneRecord {
  readonly aggregate_id: string;
  readonly machine: string;
  readonly seq: number;
  readonly event_id: string;
  readonly event_type: string;
  readonly conversation_id?: string;
  readonly from?: { readonly machine: string; readonly aggregate_id?: string };
  readonly timestamp: string;
  readonly outcome: {
    readonly state_after: string;
    readonly states_entered?: readonly string[];
    readonly emitted: readonly {
      readonly id: string;
      readonly event: string;
      readonly conversation_id: string;
      readonly to: { readonly machine: string; readonly aggregate_id?: string };
    }[];
    readonly reply?: { readonly status: number };
  };
}

/** The lanes of one run, from stored records: instances as lanes, the events they exchanged. */
export function laneFromRecords(records: readonly LaneRecord[], title = 'conversation'): LaneDiagram {
  const stored = new Set(records.map((r) => r.event_id));
  const lanes = new LaneBook((id) => (id.startsWith('@') ? 'actor' : 'machine'));
  const lane = (machine: string, aggregate?: string) => {
    const id = aggregate ?? machine;
    lanes.add(id, aggregate ? displayId(machine, aggregate) : machine);
    return id;
  };
  const steps: LaneStep[] = [];
  for (const record of inStoredOrder(records)) {
    const from = lane(record.from?.machine ?? '@caller', record.from?.aggregate_id);
    const to = lane(record.machine, record.aggregate_id);
    steps.push({
      kind: 'message',
      from,
      to,
      text: record.event_type,
      reply: false,
      ...(record.conversation_id ? { conversation: record.conversation_id } : {}),
      details: [`${displayId(record.machine, record.aggregate_id)} seq ${record.seq}`, `state after: ${record.outcome.state_after}`, record.timestamp],
    });
    for (const state of record.outcome.states_entered ?? []) steps.push({ kind: 'note', lane: to, text: state });
    if (record.outcome.reply) steps.push({ kind: 'message', from: to, to: from, text: replyText(record.outcome.reply.status), reply: true });
    for (const sent of record.outcome.emitted) {
      if (stored.has(sent.id)) continue;
      steps.push({ kind: 'message', from: to, to: lane(sent.to.machine, sent.to.aggregate_id), text: sent.event, reply: false, conversation: sent.conversation_id });
    }
  }
  return { title, lanes: lanes.list(), steps };
}

/**
 * A conversation and every conversation opened while handling it, at any depth (§4.7: nested
 * conversations, and the branches of a fan-out): the record set a conversation view shows.
 */
export function conversationFamily(records: readonly LaneRecord[], conversation: string): Set<string> {
  // A conversation's parent is the one being handled when it was first emitted; later emits in it
  // (replies going back) do not make it a child of the conversation they come from.
  const children = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const record of inStoredOrder(records)) {
    if (record.conversation_id) seen.add(record.conversation_id);
    for (const sent of record.outcome.emitted) {
      if (seen.has(sent.conversation_id)) continue;
      seen.add(sent.conversation_id);
      if (record.conversation_id) children.set(record.conversation_id, [...(children.get(record.conversation_id) ?? []), sent.conversation_id]);
    }
  }
  const family = new Set([conversation]);
  const queue = [conversation];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of children.get(next) ?? []) {
      if (!family.has(child)) {
        family.add(child);
        queue.push(child);
      }
    }
  }
  return family;
}

/** Stored order: by timestamp, ties kept in the order given. */
export function inStoredOrder<T extends { readonly timestamp: string }>(records: readonly T[]): T[] {
  return records
    .map((record, i) => ({ record, i }))
    .sort((a, b) => a.record.timestamp.localeCompare(b.record.timestamp) || a.i - b.i)
    .map((entry) => entry.record);
}

/** `order-k2x9q1m7za` -> `@order:k2x9q1m7za` (LANGUAGE.md §4.4 display form). */
function displayId(machine: string, aggregate: string): string {
  const name = machine.replace(/^@/, '');
  return `@${name}:${aggregate.startsWith(`${name}-`) ? aggregate.slice(name.length + 1) : aggregate}`;
}
