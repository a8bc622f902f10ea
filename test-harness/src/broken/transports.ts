// Deliberately broken transports (wrappers around the memory transport) that the suite must catch.
import type { Envelope, Transport } from '@eventflow/core';
import { override } from '../wrap.ts';

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
