export { createMemoryStore, type MemoryStore, type MemoryStoreOptions } from './store.ts';
export {
  createMemoryTransport,
  DEFAULT_GROUP,
  type MemoryTransport,
  type MemoryTransportOptions,
} from './transport.ts';
export type { DeadLetter } from './consumer-group.ts';
