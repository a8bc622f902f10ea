// Replay is a fold of stored outcomes over an initial snapshot. It never runs a handler or a
// binding, so it is deterministic even when bindings are not.
import type { StoredRecord } from './record.ts';
import type { ConversationEntry, Link, Snapshot } from './snapshot.ts';

export const INITIAL_STATE = '#idle';

// A snapshot is copied on every event, so what grows with the history is bounded. The full
// history is always in the store; these keep what routing and `has entered` need.
/** Conversations remembered per instance (the most recently used). */
export const MAX_CONVERSATIONS = 256;
/** Instances remembered per correspondent machine. */
export const MAX_LINKS_PER_MACHINE = 16;
/** States kept in `history` (the most recent). */
export const MAX_HISTORY = 256;

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

/** `history` followed by `entered`, keeping the most recent MAX_HISTORY states. */
export function appendHistory(history: readonly string[], entered: readonly string[]): string[] {
  const next = entered.length === 0 ? [...history] : [...history, ...entered];
  return next.length > MAX_HISTORY ? next.slice(-MAX_HISTORY) : next;
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
    if (history.length > MAX_HISTORY) history.splice(0, history.length - MAX_HISTORY);
    state = outcome.state_after;
    learnConversations(from.machine, record, links, conversations);
    seq = record.seq;
  }
  return { ...from, state, context, history, links, conversations: boundConversations(conversations), seq };
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
    delete conversations[conversation];
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
  links[machine] = list.length > MAX_LINKS_PER_MACHINE ? list.slice(-MAX_LINKS_PER_MACHINE) : list;
}

/** Keeps the most recently touched conversations (insertion order = recency, see `touch`). */
function boundConversations(conversations: Record<string, ConversationEntry>): Record<string, ConversationEntry> {
  const keys = Object.keys(conversations);
  if (keys.length <= MAX_CONVERSATIONS) return conversations;
  const kept: Record<string, ConversationEntry> = {};
  for (const key of keys.slice(-MAX_CONVERSATIONS)) kept[key] = conversations[key] as ConversationEntry;
  return kept;
}
