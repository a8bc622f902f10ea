// A store that counts the calls it forwards, to verify what a runtime reads (e.g. a warm instance
// must cost no `read`).
import type { MemoryStore } from '@eventflow/memory';

export interface CountingStore {
  readonly store: MemoryStore;
  /** Calls per method name since the last reset. */
  readonly counts: Record<string, number>;
  reset(): void;
}

export function countingStore(inner: MemoryStore): CountingStore {
  const counts: Record<string, number> = {};
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      // The memory store keeps #private fields: call its methods on the store itself, not the proxy.
      return (...args: unknown[]) => {
        counts[property] = (counts[property] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    store,
    counts,
    reset: () => {
      for (const key of Object.keys(counts)) delete counts[key];
    },
  };
}
