import { EventFlowError, systemClock, type Clock } from '@eventflow/core';
import type { MongoClient } from 'mongodb';

/** Options of `createMongoEventStore`: a client or a URL, and where the collections live. */
export interface MongoEventStoreOptions {
  /** A client you own: the store uses it and never closes it. Give either `client` or `url`. */
  readonly client?: MongoClient;
  /** A connection string: the store creates its own client and closes it in `close()`. */
  readonly url?: string;
  /** The database holding the store's collections. */
  readonly database: string;
  /** Prepended to the collection names `records` and `snapshots` (default `eventflow_`). */
  readonly collectionPrefix?: string;
  /** With `url`: how long to wait for an unreachable server before failing (default 5000 ms). */
  readonly connectTimeoutMs?: number;
  /** Wall clock for `created_at`/`position` (default: the system clock). */
  readonly clock?: Clock;
}

/** The options after validation, with defaults applied. */
export interface ResolvedOptions {
  readonly client: MongoClient | undefined;
  readonly url: string | undefined;
  readonly database: string;
  readonly collectionPrefix: string;
  readonly connectTimeoutMs: number;
  readonly clock: Clock;
}

/** Collection names start with this unless `prefix` says otherwise. */
export const DEFAULT_PREFIX = 'eventflow_';
/** How long a store waits for the server before STORE_UNAVAILABLE, unless told otherwise. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

/** MongoDB's rules for database names (no `/\. "$*<>:|?`, no NUL, < 64 bytes). */
const DATABASE_NAME = /^[^/\\. "$*<>:|?\u0000]{1,63}$/;
const PREFIX = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}$|^$/;

export function resolveOptions(options: MongoEventStoreOptions): ResolvedOptions {
  const { client, url, database } = options;
  if ((client === undefined) === (url === undefined)) {
    throw invalidOption('give exactly one of `client` and `url`');
  }
  if (url !== undefined && (typeof url !== 'string' || !/^mongodb(\+srv)?:\/\//.test(url))) {
    throw invalidOption('`url` must be a mongodb:// or mongodb+srv:// connection string');
  }
  if (typeof database !== 'string' || !DATABASE_NAME.test(database)) {
    throw invalidOption(`\`database\` must be 1-63 characters without /\\. "$*<>:|? (got ${JSON.stringify(database)})`);
  }
  const collectionPrefix = options.collectionPrefix ?? DEFAULT_PREFIX;
  if (typeof collectionPrefix !== 'string' || !PREFIX.test(collectionPrefix) || collectionPrefix.startsWith('system.')) {
    throw invalidOption(`\`collectionPrefix\` must match ${PREFIX.source} and not start with "system." (got ${JSON.stringify(collectionPrefix)})`);
  }
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  if (typeof connectTimeoutMs !== 'number' || !Number.isFinite(connectTimeoutMs) || connectTimeoutMs <= 0) {
    throw invalidOption(`\`connectTimeoutMs\` must be a positive number of milliseconds (got ${String(connectTimeoutMs)})`);
  }
  return { client, url, database, collectionPrefix, connectTimeoutMs, clock: options.clock ?? systemClock };
}

function invalidOption(problem: string): EventFlowError {
  return new EventFlowError('INVALID_OPTION', `createMongoEventStore: ${problem}`);
}
