export { createMongoEventStore, type MongoEventStore } from './store.ts';
export { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_PREFIX, type MongoEventStoreOptions } from './options.ts';
export { OUTBOX_INDEXES, RECORD_INDEXES, SNAPSHOT_INDEXES } from './schema.ts';
export { MAX_ID_LENGTH } from './validate.ts';
export { CLAIM_TTL_MS } from './claims.ts';
export type { ClaimDocument, CommitDocument, OutboxDocument, RecordEntry, SnapshotDocument } from './codec.ts';
export { ORPHAN_AFTER_MS } from './outbox.ts';
