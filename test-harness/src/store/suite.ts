import { test } from 'vitest';
import type { EventStore } from '@eventflow/core';
import { withStore } from '../lifecycle.ts';
import {
  storeCapabilities,
  type AdapterContext,
  type CheckOptions,
  type StoreCapabilities,
  type StoreFactory,
  type StoreSubject,
} from '../options.ts';

/** What every store group receives from `storeConformance`. */
export interface StoreSuite {
  readonly subject: StoreSubject;
  readonly capabilities: Required<StoreCapabilities>;
  /** Passed to every property check. */
  readonly check: CheckOptions;
  readonly timeoutMs: number;
}

/** Registers a test that runs against a fresh store. */
export function storeTest(
  suite: StoreSuite,
  name: string,
  body: (store: EventStore, context: AdapterContext) => Promise<void>,
): void {
  test(name, () => withStore(suite.subject, body), suite.timeoutMs);
}

export function asStoreSubject(subject: StoreSubject | StoreFactory): StoreSubject {
  return typeof subject === 'function' ? { create: subject } : subject;
}

export { storeCapabilities };
