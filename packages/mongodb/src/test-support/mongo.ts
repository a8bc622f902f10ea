/// <reference path="../../../../scripts/services/provided.d.ts" />
// Per-test databases on the MongoDB-wire server the int project's global setup started (or the one
// EVENTFLOW_MONGO_URL points at): every store gets `ef_test_<random>`, dropped after the test.
import { randomBytes } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, afterEach, inject } from 'vitest';
import type { CommitResult, StoredRecord } from '@eventflow/core';
import { createMongoEventStore, type MongoEventStore, type MongoEventStoreOptions } from '../index.ts';

export function mongoUrl(): string {
  const url = process.env.EVENTFLOW_MONGO_URL ?? inject('mongoUrl');
  if (!url) throw new Error('EVENTFLOW_MONGO_URL is not set and the global setup provided no mongoUrl');
  return url;
}

export function databaseName(tag = 'test'): string {
  return `ef_${tag}_${randomBytes(6).toString('hex')}`;
}

export interface Fresh {
  readonly store: MongoEventStore;
  /** The same database through the raw driver: the second channel. */
  readonly db: Db;
  readonly database: string;
}

/**
 * Registers the hooks of a test file: `fresh()` gives a store on a new database, closed and dropped
 * after each test; `raw()` is a driver client of the file's own, closed after all tests.
 */
export function useMongo(): { fresh(options?: Partial<MongoEventStoreOptions>): Fresh; raw(): MongoClient } {
  let client: MongoClient | undefined;
  const opened: { store: MongoEventStore; database: string }[] = [];
  const raw = () => (client ??= new MongoClient(mongoUrl(), { serverSelectionTimeoutMS: 10_000 }));

  afterEach(async () => {
    for (const { store, database } of opened.splice(0)) {
      await store.close();
      await raw().db(database).dropDatabase();
    }
  });
  afterAll(async () => {
    await client?.close();
  });

  return {
    raw,
    fresh(options = {}) {
      const database = options.database ?? databaseName();
      const store = createMongoEventStore({ ...(options.client ? {} : { url: mongoUrl() }), ...options, database });
      opened.push({ store, database });
      return { store, db: raw().db(database), database };
    },
  };
}

/** The rejection of a promise that must reject. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** Appends one commit; its result (the port appends several at once). */
export async function appendOne(store: MongoEventStore, aggregateId: string, expectedSeq: number, records: readonly StoredRecord[]): Promise<CommitResult> {
  const [result] = await store.append([{ aggregateId, expectedSeq, records }]);
  return result as CommitResult;
}

/** A stream's last seq, read through the port (0 when it has none). */
export async function lastSeqOf(store: MongoEventStore, aggregateId: string): Promise<number> {
  return (await store.read(aggregateId)).at(-1)?.seq ?? 0;
}
