// An instance as of one seq, and the conversations it remembers: what replay rebuilds.
/** A link to a correspondent: the conversation through which this instance talks to it. */
export interface Link {
  readonly aggregate_id: string;
  readonly conversation_id: string;
}

/** A conversation this instance takes part in: who is on the other side, and which conversation it serves. */
export interface ConversationEntry {
  /** The conversation id. */
  readonly id: string;
  /** The correspondent: its machine, and its instance once known. */
  readonly peer: { readonly machine: string; readonly aggregate_id?: string };
  /** The conversation this instance was handling when it opened this one (nesting). */
  readonly parent?: string;
  /** The external actor (no instance) on the other side of `parent`, which is not stored itself. */
  readonly parentPeer?: { readonly machine: string };
}

/** An instance as of one seq: everything replay rebuilds. */
export interface Snapshot {
  readonly aggregate_id: string;
  readonly machine: string;
  /** `#idle` before the first transition. */
  readonly state: string;
  readonly context: Readonly<Record<string, unknown>>;
  /** Every state entered so far, in order. */
  readonly history: readonly string[];
  /** Per correspondent machine, most recent last. */
  readonly links: Readonly<Record<string, readonly Link[]>>;
  /** Conversations, least recently used first, for routing replies through nested conversations. */
  readonly conversations: readonly ConversationEntry[];
  /** Seq of the last applied record (0 = new instance). */
  readonly seq: number;
  /** Hash of the machine definition that produced it; snapshots of another version are ignored. */
  readonly definition_version?: string;
}

/** The entry of one conversation (the most recent entry when ids repeat). */
export function findConversation(conversations: readonly ConversationEntry[], id: string): ConversationEntry | undefined {
  return conversations[conversationIndex(conversations, id)];
}

/** Where that entry is, -1 when there is none. */
export function conversationIndex(conversations: readonly ConversationEntry[], id: string): number {
  let at = conversations.length - 1;
  while (at >= 0 && (conversations[at] as ConversationEntry).id !== id) at--;
  return at;
}
