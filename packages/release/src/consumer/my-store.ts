// A tiny adapter written in the consumer project: it forwards every member of the memory store and
// transport (whatever the ports hold today) and counts the calls, so the suite provably ran through it.
import type { EventStore, Transport } from '@eventflow/core';
import { createMemoryStore, createMemoryTransport } from '@eventflow/memory';

export const calls = new Map<string, number>();

function forwarding<T extends object>(inner: T, label: string): T {
  return new Proxy(inner, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const name = `${label}.${String(key)}`;
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return value.apply(target, args);
      };
    },
  });
}

export function createMyStore(_options: { namespace: string }): EventStore {
  return forwarding(createMemoryStore(), 'store');
}

export function createMyTransport(): Transport {
  return forwarding(createMemoryTransport(), 'transport');
}
