// Events handled before, recognised after routing: an event id repeated within the batch, a lone
// event the step refused because its instance moved past it, and events the append found stored
// (route.ts says which are looked up first).
import type { Envelope } from '../envelope.ts';
import type { EventStore } from '../ports.ts';
import { NO_ITEMS } from '../values.ts';
import type { Group, Handled, Routed } from './batch.ts';

/** What the pipeline decided for one instance's events, as far as a redelivery changes it. */
export interface Decision {
  readonly group: Group;
  readonly accepted: readonly unknown[];
  notices: readonly Envelope[];
}

/**
 * A lone event decided without a look-up that the step refused may have been handled before, by a
 * version of its instance that has moved on since: if the store holds its event id, the stored
 * record is its result and the refusal's notice is dropped.
 */
export async function refusedRedeliveries(decided: readonly Decision[], store: EventStore, results: Handled[]): Promise<void> {
  const refused = decided.filter((one) => one.accepted.length === 0 && (one.group[0] as Routed).unchecked);
  if (refused.length === 0) return;
  await Promise.all(
    refused.map(async (one) => {
      const item = one.group[0] as Routed;
      const handled = await handledBefore(item, store);
      if (handled === undefined) return;
      results[item.index] = handled;
      one.notices = NO_ITEMS;
    }),
  );
}

/**
 * Events the append found stored (a redelivery, or another runtime meanwhile): their stored records
 * are their results, looked up together.
 */
export async function storedResults(items: readonly Routed[], store: EventStore, results: Handled[]): Promise<void> {
  await Promise.all(
    items.map(async (item) => {
      results[item.index] = (await handledBefore(item, store)) ?? { kind: 'failed', error: new Error(`${item.envelope.id} was reported stored but cannot be found`) };
    }),
  );
}

/**
 * The stored record of an event handled before, as its result; none when its event id is not
 * stored. A failed look-up fails the event: whether it was handled is unknown, a redelivery asks again.
 */
async function handledBefore(item: Routed, store: EventStore): Promise<Handled | undefined> {
  try {
    const record = await store.findByEventId(item.envelope.id);
    return record === undefined ? undefined : { kind: 'duplicate', record };
  } catch (error) {
    return { kind: 'failed', error };
  }
}

/** An event id repeated within a batch was handled once: its copies share that result. */
export function sameAsFirst(envelopes: readonly Envelope[], results: Handled[]): void {
  const first = new Map<string, Handled>();
  envelopes.forEach((envelope, i) => {
    const result = results[i];
    const earlier = first.get(envelope.id);
    if (result !== undefined) first.set(envelope.id, result);
    else if (earlier !== undefined) results[i] = earlier.kind === 'committed' ? { kind: 'duplicate', record: earlier.record } : earlier;
  });
}
