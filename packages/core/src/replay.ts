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

// Shared by every new instance: parts of a snapshot are never changed in place, only copied.
const NO_VALUES: Snapshot['context'] = Object.freeze({});
const NO_STATES: Snapshot['history'] = Object.freeze([]);

export function initialSnapshot(machine: string, aggregateId: string): Snapshot {
  return snapshotOf(aggregateId, machine, INITIAL_STATE, NO_VALUES, NO_STATES, NO_VALUES as Snapshot['links'], NO_VALUES as Snapshot['conversations'], 0);
}

/** Every snapshot the runtime makes has these fields in this order (one object shape for V8). */
export function snapshotOf(
  aggregateId: string,
  machine: string,
  state: string,
  context: Snapshot['context'],
  history: Snapshot['history'],
  links: Snapshot['links'],
  conversations: Snapshot['conversations'],
  seq: number,
): Snapshot {
  return { aggregate_id: aggregateId, machine, state, context, history, links, conversations, seq };
}

/** Folds records (in seq order, starting right after `from.seq`) into a new snapshot. */
export function replay(from: Snapshot, records: readonly StoredRecord[]): Snapshot {
  if (records.length === 0) return from;
  const fold = new Fold(from);
  let seq = from.seq;
  for (const record of records) {
    if (record.seq !== seq + 1) {
      throw new Error(`Replay of ${from.aggregate_id}: expected seq ${seq + 1}, got ${record.seq}`);
    }
    fold.apply(record);
    seq = record.seq;
  }
  return fold.result(seq);
}

/**
 * The live step: `record` folded onto `from` as replay does, except that the context is the one the
 * handler ended with (replay rebuilds the same from the patch; the conformance suite checks it).
 */
export function advance(from: Snapshot, record: StoredRecord, context: Snapshot['context']): Snapshot {
  const fold = new Fold(from, context);
  fold.apply(record);
  return fold.result(record.seq);
}

/** Copy-on-write accumulator: a part of the snapshot is copied only when a record changes it. */
class Fold {
  private readonly from: Snapshot;
  private state: string;
  private context: Record<string, unknown> | undefined;
  private history: string[] | undefined;
  private links: Record<string, readonly Link[]> | undefined;
  private conversations: Record<string, ConversationEntry> | undefined;

  /** `context`: known already (the live step), so patches are not applied. */
  private readonly knownContext: boolean;

  constructor(from: Snapshot, context?: Snapshot['context']) {
    this.from = from;
    this.state = from.state;
    this.knownContext = context !== undefined;
    if (context !== undefined) this.context = context as Record<string, unknown>;
  }

  apply(record: StoredRecord): void {
    const { outcome } = record;
    const patch = outcome.context_patch;
    if (!this.knownContext && (patch.unset.length > 0 || hasKeys(patch.set))) {
      const context = (this.context ??= { ...this.from.context });
      for (const key of patch.unset) delete context[key];
      Object.assign(context, patch.set);
    }
    if (outcome.states_entered.length > 0) {
      const history = (this.history ??= [...this.from.history]);
      history.push(...outcome.states_entered);
      if (history.length > MAX_HISTORY) history.splice(0, history.length - MAX_HISTORY);
    }
    this.state = outcome.state_after;
    this.learnConversations(record);
  }

  result(seq: number): Snapshot {
    const from = this.from;
    return snapshotOf(
      from.aggregate_id,
      from.machine,
      this.state,
      this.context ?? from.context,
      this.history ?? from.history,
      this.links ?? from.links,
      this.conversations ? boundConversations(this.conversations) : from.conversations,
      seq,
    );
  }

  /**
   * Remembers conversations with instances (a sender with an aggregate id, or a machine this
   * instance asked). Conversations with external actors are not stored: a conversation opened while
   * handling one records that actor as its `parentPeer`, which is all a later reply needs.
   */
  private learnConversations(record: StoredRecord): void {
    const self = this.from.machine;
    const sender = record.from;
    const conversation = record.conversation_id;
    if (conversation && sender?.aggregate_id && sender.machine !== self) {
      const conversations = this.writableConversations();
      const known = conversations[conversation];
      delete conversations[conversation];
      conversations[conversation] = entryOf({ machine: sender.machine, aggregate_id: sender.aggregate_id }, known?.parent, known?.parentPeer);
      this.addLink(sender.machine, { aggregate_id: sender.aggregate_id, conversation_id: conversation });
    }
    for (const envelope of record.outcome.emitted) {
      if (envelope.to.machine === self) continue;
      if (Object.hasOwn(this.conversations ?? this.from.conversations, envelope.conversation_id)) continue;
      if (conversation && envelope.conversation_id === conversation) continue;
      const conversations = this.writableConversations();
      const to = envelope.to;
      const peer = to.aggregate_id ? { machine: to.machine, aggregate_id: to.aggregate_id } : { machine: to.machine };
      const parentPeer = conversation && sender && sender.machine !== self && !sender.aggregate_id ? { machine: sender.machine } : undefined;
      conversations[envelope.conversation_id] = entryOf(peer, conversation || undefined, parentPeer);
    }
  }

  private writableConversations(): Record<string, ConversationEntry> {
    return (this.conversations ??= dictionaryOf(this.from.conversations));
  }

  private addLink(machine: string, link: Link): void {
    const links = (this.links ??= { ...this.from.links });
    const list = (links[machine] ?? []).filter((l) => l.aggregate_id !== link.aggregate_id);
    list.push(link);
    links[machine] = list.length > MAX_LINKS_PER_MACHINE ? list.slice(-MAX_LINKS_PER_MACHINE) : list;
  }
}

function hasKeys(object: object): boolean {
  for (const key in object) if (Object.hasOwn(object, key)) return true;
  return false;
}

/** A conversation entry without keys for absent parts (stores keep no `undefined`). */
function entryOf(peer: ConversationEntry['peer'], parent: string | undefined, parentPeer: ConversationEntry['parentPeer']): ConversationEntry {
  if (parent === undefined) return parentPeer === undefined ? { peer } : { peer, parentPeer };
  return parentPeer === undefined ? { peer, parent } : { peer, parent, parentPeer };
}

/**
 * A copy as a null-prototype object: V8 keeps those as hash tables, where a plain object would get a
 * new hidden class for every conversation id; and no id ("constructor") can hit an inherited key.
 */
function dictionaryOf<T>(from: Readonly<Record<string, T>>): Record<string, T> {
  const copy = Object.create(null) as Record<string, T>;
  for (const key of Object.keys(from)) copy[key] = from[key] as T;
  return copy;
}

/** Keeps the most recently touched conversations (re-inserted on use, so insertion order = recency). */
function boundConversations(conversations: Record<string, ConversationEntry>): Record<string, ConversationEntry> {
  const keys = Object.keys(conversations);
  if (keys.length <= MAX_CONVERSATIONS) return conversations;
  const kept = Object.create(null) as Record<string, ConversationEntry>;
  for (const key of keys.slice(-MAX_CONVERSATIONS)) kept[key] = conversations[key] as ConversationEntry;
  return kept;
}
