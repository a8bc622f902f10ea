// Where does an emit go? Replies and continuations reuse a known conversation; anything else opens
// a new one (LANGUAGE.md §4.7, the conversation-context seed).
import type { Address, Envelope } from './envelope.ts';
import { MAX_CONVERSATIONS } from './replay.ts';
import { findConversation, type Snapshot } from './snapshot.ts';

/** Where an emit goes and in which conversation. */
export interface Route {
  readonly to: Address;
  readonly conversation_id: string;
  /** A new conversation was opened. */
  readonly opened: boolean;
}

/** How `routeEmit` opens a conversation, and whether the target is outside the system. */
export interface RouteOptions {
  /** Makes the id of a conversation this emit opens. */
  readonly ids: { conversationId(): string };
  /** The target is an actor outside the system (`@customer`): it has no instance id to wait for. */
  readonly external?: boolean;
}

/**
 * Resolves the target of `emit :e to @m` from the instance `snapshot` while it handles `current`:
 * 1. the sender of the current event, when it is `@m` (a direct reply);
 * 2. up the chain of conversations that led here (a nested reply: `@payment` answering `@order`
 *    while handling `@bank`'s answer);
 * 3. the most recent instance of `@m` it talked to, in a new conversation;
 * 4. otherwise a new conversation to a not-yet-known instance.
 */
export function routeEmit(snapshot: Snapshot, current: Envelope | undefined, target: string, options: RouteOptions): Route {
  const { ids, external = false } = options;
  if (current) {
    // A direct reply goes back to the sender's address as it came (envelopes are immutable).
    if (current.from.machine === target) return { to: current.from, conversation_id: current.conversation_id, opened: false };
    let conversation: string | undefined = current.conversation_id;
    // A chain is at most as long as the conversations remembered; the bound also stops a cycle.
    for (let step = 0; conversation && step <= MAX_CONVERSATIONS; step++) {
      const entry = findConversation(snapshot.conversations, conversation);
      if (!entry) break;
      if (entry.peer.machine === target && entry.peer.aggregate_id) {
        return { to: { machine: target, aggregate_id: entry.peer.aggregate_id }, conversation_id: conversation, opened: false };
      }
      if (entry.peer.machine === target && external) return { to: { machine: target }, conversation_id: conversation, opened: false };
      if (entry.parent && entry.parentPeer?.machine === target && external) {
        return { to: { machine: target }, conversation_id: entry.parent, opened: false };
      }
      conversation = entry.parent;
    }
  }
  // A known instance, but a new conversation: its answer must come back to *this* conversation chain.
  const link = snapshot.links[target]?.at(-1);
  if (link) return { to: { machine: target, aggregate_id: link.aggregate_id }, conversation_id: ids.conversationId(), opened: true };
  return { to: { machine: target }, conversation_id: ids.conversationId(), opened: true };
}
