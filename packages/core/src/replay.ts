// Replay is a fold of stored outcomes over an initial snapshot. It never runs a handler or a
// binding, so it is deterministic even when bindings are not.
import type { Address, Envelope } from './envelope.ts';
import type { StoredRecord } from './record.ts';
import { hasKeys, movedLast, NO_FIELDS, NO_ITEMS, put, withLast } from './values.ts';
import { conversationIndex, findConversation, type ConversationEntry, type Link, type Snapshot } from './snapshot.ts';

/** The state of an instance before its first event. */
export const INITIAL_STATE = '#idle';

// A snapshot is copied on every event, so what grows with the history is bounded. The full
// history is always in the store; these keep what routing and `has entered` need.
/** Conversations remembered per instance (the most recently used). */
export const MAX_CONVERSATIONS = 256;
/** Instances remembered per correspondent machine. */
export const MAX_LINKS_PER_MACHINE = 16;
/** States kept in `history` (the most recent). */
export const MAX_HISTORY = 256;

/** An instance before its first event: in `#idle`, no context, seq 0. */
export function initialSnapshot(machine: string, aggregateId: string): Snapshot {
  return snapshotOf(aggregateId, machine, INITIAL_STATE, NO_FIELDS, NO_ITEMS, NO_FIELDS as Snapshot['links'], NO_ITEMS, 0);
}

/** A snapshot from its parts (every snapshot the runtime makes is built here). */
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
  private history: readonly string[] | undefined;
  private links: Record<string, readonly Link[]> | undefined;
  private conversations: readonly ConversationEntry[] | undefined;

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
      for (let i = 0; i < patch.unset.length; i++) delete context[patch.unset[i] as string];
      const keys = Object.keys(patch.set);
      for (let i = 0; i < keys.length; i++) put(context, keys[i] as string, patch.set[keys[i] as string]);
    }
    const entered = outcome.states_entered;
    if (entered.length > 0) {
      // Exact-size copies, bounded like the conversations (cached snapshots live long).
      const before = this.history ?? this.from.history;
      const history = before.length === 0 ? entered : entered.length === 1 ? withLast(before, entered[0] as string, MAX_HISTORY) : before.concat(entered);
      this.history = history.length > MAX_HISTORY ? history.slice(history.length - MAX_HISTORY) : history;
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
      this.conversations ?? from.conversations,
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
      const before = this.conversations ?? this.from.conversations;
      // Used again: moves to the end (most recent).
      const at = conversationIndex(before, conversation);
      const known = before[at];
      const entry = entryOf(conversation, peerOf(sender), known?.parent, known?.parentPeer);
      if (known) this.conversations = movedLast(before, at, entry);
      else this.remember(before, entry);
      this.addLink(sender.machine, { aggregate_id: sender.aggregate_id, conversation_id: conversation });
    }
    const emitted = record.outcome.emitted;
    for (let i = 0; i < emitted.length; i++) {
      const envelope = emitted[i] as Envelope;
      if (envelope.to.machine === self) continue;
      if (conversation && envelope.conversation_id === conversation) continue;
      const before = this.conversations ?? this.from.conversations;
      if (findConversation(before, envelope.conversation_id)) continue;
      const parentPeer = conversation && sender && sender.machine !== self && !sender.aggregate_id ? machineOnly(sender) : undefined;
      this.remember(before, entryOf(envelope.conversation_id, peerOf(envelope.to), conversation || undefined, parentPeer));
    }
  }

  /** `entry` last, the oldest dropped beyond the bound; copies of exactly their length (cached snapshots live long). */
  private remember(before: readonly ConversationEntry[], entry: ConversationEntry): void {
    this.conversations = withLast(before, entry, MAX_CONVERSATIONS);
  }

  private addLink(machine: string, link: Link): void {
    const links = (this.links ??= { ...this.from.links });
    const before = links[machine] ?? NO_ITEMS;
    let at = before.length - 1;
    while (at >= 0 && (before[at] as Link).aggregate_id !== link.aggregate_id) at--;
    // Exact-size copies: this correspondent's old link out, the new one last.
    links[machine] = at === -1 ? withLast(before, link, MAX_LINKS_PER_MACHINE) : movedLast(before, at, link);
  }
}

/** A correspondent as a conversation remembers it: the address itself when it has nothing more (addresses are immutable). */
function peerOf(address: Address): ConversationEntry['peer'] {
  if (address.actor_id === undefined) return address;
  return address.aggregate_id === undefined ? { machine: address.machine } : { machine: address.machine, aggregate_id: address.aggregate_id };
}

/** An address without its instance or actor id: the address itself when it has none. */
function machineOnly(address: Address): { readonly machine: string } {
  return address.actor_id === undefined ? address : { machine: address.machine };
}

/** A conversation entry without keys for absent parts (stores keep no `undefined`). */
function entryOf(id: string, peer: ConversationEntry['peer'], parent: string | undefined, parentPeer: ConversationEntry['parentPeer']): ConversationEntry {
  if (parent === undefined) return parentPeer === undefined ? { id, peer } : { id, peer, parentPeer };
  return parentPeer === undefined ? { id, peer, parent } : { id, peer, parent, parentPeer };
}
