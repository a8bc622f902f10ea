// Replay is a fold of stored outcomes over an initial snapshot. It never runs a handler or a
// binding, so it is deterministic even when bindings are not.
import type { StoredRecord } from './record.ts';
import type { ConversationEntry, Link, Snapshot } from './snapshot.ts';

export const INITIAL_STATE = '#idle';

export function initialSnapshot(machine: string, aggregateId: string): Snapshot {
  return {
    aggregate_id: aggregateId,
    machine,
    state: INITIAL_STATE,
    context: {},
    history: [],
    links: {},
    conversations: {},
    seq: 0,
  };
}

/** Folds records (in seq order, starting right after `from.seq`) into a new snapshot. */
export function replay(from: Snapshot, records: readonly StoredRecord[]): Snapshot {
  if (records.length === 0) return from;
  const context: Record<string, unknown> = { ...from.context };
  const history = [...from.history];
  const links: Record<string, Link[]> = {};
  for (const [machine, list] of Object.entries(from.links)) links[machine] = [...list];
  const conversations: Record<string, ConversationEntry> = { ...from.conversations };
  let state = from.state;
  let seq = from.seq;
  for (const record of records) {
    if (record.seq !== seq + 1) {
      throw new Error(`Replay of ${from.aggregate_id}: expected seq ${seq + 1}, got ${record.seq}`);
    }
    const { outcome } = record;
    for (const key of outcome.context_patch.unset) delete context[key];
    Object.assign(context, outcome.context_patch.set);
    history.push(...outcome.states_entered);
    state = outcome.state_after;
    learnConversations(from.machine, record, links, conversations);
    seq = record.seq;
  }
  return { ...from, state, context, history, links, conversations, seq };
}

function learnConversations(
  self: string,
  record: StoredRecord,
  links: Record<string, Link[]>,
  conversations: Record<string, ConversationEntry>,
): void {
  const sender = record.from;
  const conversation = record.conversation_id;
  if (conversation && sender && sender.machine !== self) {
    const known = conversations[conversation];
    conversations[conversation] = {
      ...known,
      peer: { machine: sender.machine, ...(sender.aggregate_id ? { aggregate_id: sender.aggregate_id } : {}) },
    };
    if (sender.aggregate_id) addLink(links, sender.machine, { aggregate_id: sender.aggregate_id, conversation_id: conversation });
  }
  for (const envelope of record.outcome.emitted) {
    if (envelope.to.machine === self || conversations[envelope.conversation_id]) continue;
    conversations[envelope.conversation_id] = {
      peer: { machine: envelope.to.machine, ...(envelope.to.aggregate_id ? { aggregate_id: envelope.to.aggregate_id } : {}) },
      ...(conversation ? { parent: conversation } : {}),
    };
  }
}

function addLink(links: Record<string, Link[]>, machine: string, link: Link): void {
  const list = (links[machine] ?? []).filter((l) => l.aggregate_id !== link.aggregate_id);
  list.push(link);
  links[machine] = list;
}
