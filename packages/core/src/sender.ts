// Who sends an event through the public ingress: `@reviewer`, `@reviewer:rev-7` or `{ machine, id }`.
// An outside actor's id travels as `from.actor_id`, which `@reviewer.id` reads (LANGUAGE.md §3.8.6).
import type { Address } from './envelope.ts';
import { parseInstanceRef } from './ids.ts';

/** A sender as callers write it. */
export type SenderInput = string | { readonly machine: string; readonly id?: string };

/**
 * The sender's address. An instance of a loaded machine (`@order:abc`) is an aggregate; anyone
 * else with an id (`@reviewer:rev-7`) is an outside actor whose id is kept as written.
 */
export function senderAddress(from: SenderInput, isMachine: (name: string) => boolean): Address {
  const { machine, id } = typeof from === 'string' ? splitSender(from) : from;
  if (id === undefined || id === '') return { machine };
  if (isMachine(machine)) return { machine, aggregate_id: parseInstanceRef(`${machine}:${id}`).aggregateId };
  return { machine, actor_id: id };
}

function splitSender(text: string): { machine: string; id?: string } {
  const colon = text.indexOf(':');
  return colon < 0 ? { machine: text } : { machine: text.slice(0, colon), id: text.slice(colon + 1) };
}
