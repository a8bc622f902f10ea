// Deliberately broken transports (wrappers around the memory transport) that the suite must catch.
import { orderingKey, type Envelope, type Transport } from '@eventflow/core';
import { override } from '../wrap.ts';
import { mangleEnvelope, withoutRules, type Mangle } from './payloads.ts';

/** Handlers receive envelopes without their conversation id and with only the sender's machine. */
export function losesHeaders<T extends Transport>(inner: T): T {
  const replaced: Partial<Transport> = {
    subscribe: (machine, handler, options) =>
      inner.subscribe(
        machine,
        (batch) => handler(batch.map(({ conversation_id: _dropped, ...rest }) => ({ ...rest, from: { machine: rest.from.machine } }) as Envelope)),
        options,
      ),
  };
  return override(inner, replaced as Partial<T>);
}

/** Each publish call's envelopes are handed over backwards. */
export function reordersWithinKey<T extends Transport>(inner: T): T {
  const replaced: Partial<Transport> = { publish: (envelopes) => inner.publish([...envelopes].reverse()) };
  return override(inner, replaced as Partial<T>);
}

/** A rejected delivery is acknowledged anyway, so it never comes again. */
export function dropsRedeliveries<T extends Transport>(inner: T): T {
  const replaced: Partial<Transport> = {
    subscribe: (machine, handler, options) =>
      inner.subscribe(machine, (batch) => Promise.resolve().then(() => handler(batch)).catch(() => undefined), options),
  };
  return override(inner, replaced as Partial<T>);
}

/** Every subscribe joins a brand-new consumer group, so a restarted subscriber misses what was pending. */
export function newGroupPerSubscribe<T extends Transport>(inner: T): T {
  let counter = 0;
  const replaced: Partial<Transport> = {
    subscribe: (machine, handler, options) =>
      inner.subscribe(machine, handler, { group: `${options?.group ?? 'default'}-${counter++}` }),
  };
  return override(inner, replaced as Partial<T>);
}

/** Publishes payloads through a lossy codec (see payloads.ts). */
export function lossyPayloads(mangle: Mangle): <T extends Transport>(inner: T) => T {
  return <T extends Transport>(inner: T): T => {
    const replaced: Partial<Transport> = { publish: (envelopes) => inner.publish(envelopes.map((envelope) => mangleEnvelope(envelope, mangle))) };
    return override(inner, replaced as Partial<T>);
  };
}

/** Handlers receive envelopes without their `rules`. */
export function dropsRules<T extends Transport>(inner: T): T {
  const replaced: Partial<Transport> = {
    subscribe: (machine, handler, options) => inner.subscribe(machine, (batch) => handler(batch.map(withoutRules)), options),
  };
  return override(inner, replaced as Partial<T>);
}

/** When more than 5 envelopes of one key wait in a batch, the 6th and the 7th change places. */
export function reordersPastFiveQueued<T extends Transport>(inner: T): T {
  const swapSixthAndSeventh = (batch: readonly Envelope[]): Envelope[] => {
    const out = [...batch];
    const byKey = new Map<string, number[]>();
    batch.forEach((envelope, i) => byKey.set(orderingKey(envelope), [...(byKey.get(orderingKey(envelope)) ?? []), i]));
    for (const at of byKey.values()) {
      if (at.length > 6) [out[at[5]!], out[at[6]!]] = [batch[at[6]!]!, batch[at[5]!]!];
    }
    return out;
  };
  const replaced: Partial<Transport> = {
    subscribe: (machine, handler, options) => inner.subscribe(machine, (batch) => handler(swapSixthAndSeventh(batch)), options),
  };
  return override(inner, replaced as Partial<T>);
}

/** Every 200th published envelope is lost. */
export function dropsEvery200th<T extends Transport>(inner: T): T {
  let published = 0;
  const replaced: Partial<Transport> = { publish: (envelopes) => inner.publish(envelopes.filter(() => ++published % 200 !== 0)) };
  return override(inner, replaced as Partial<T>);
}

/** Every 50th delivered envelope arrives with `from` and `to` swapped. */
export function swapsFromToEvery50th<T extends Transport>(inner: T): T {
  let delivered = 0;
  const swap = (envelope: Envelope): Envelope => (++delivered % 50 === 0 ? { ...envelope, from: envelope.to, to: envelope.from } : envelope);
  const replaced: Partial<Transport> = {
    subscribe: (machine, handler, options) => inner.subscribe(machine, (batch) => handler(batch.map(swap)), options),
  };
  return override(inner, replaced as Partial<T>);
}
