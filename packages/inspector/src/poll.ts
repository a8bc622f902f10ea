// For a store other processes write to (the standalone inspector over MongoDB, a serve process whose
// role is ingress): every few seconds, reads the instances created since the last look, the new
// records of the instances open pages show, and those of a slice of the instances not yet in a final
// state (round robin), and hands each record found to `found` (the index and the live pages). Only
// the store's read methods are used; the paged listing keeps the first part cheap once the store
// pages itself (ids-page.ts).
import type { StoredRecord } from '@eventflow/core';
import { pageOfIds } from './ids-page.ts';
import type { ReadOnlyStore } from './source.ts';

export interface PollOptions {
  readonly store: ReadOnlyStore;
  readonly intervalMs: number;
  /** Where listing new instances starts (the last id the index build listed). */
  readonly after: () => string | undefined;
  /** The seq the inspector knows an instance at (0: not at all). */
  readonly seqOf: (aggregateId: string) => number;
  /** Instances whose new records are wanted now (open pages). */
  readonly watched: () => Iterable<string>;
  /** Some instances that may still change: every look reads these again, a slice at a time. */
  readonly unsettled: (count: number) => Iterable<string>;
  readonly found: (record: StoredRecord) => void;
  /** A failed look (the store is away for a moment); the next one tries again. */
  readonly failed?: (error: unknown) => void;
}

export interface Poller {
  /** One look now (tests); resolves when it is done. */
  look(): Promise<void>;
  stop(): void;
}

const PAGE = 1_000;
/** Instances not in a final state read again per look: a backlog of N takes N / SWEEP looks to go round. */
const SWEEP = 500;

export function startPolling(options: PollOptions): Poller {
  let cursor: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const newInstances = async () => {
    cursor ??= options.after();
    for (;;) {
      const page = await pageOfIds(options.store, { ...(cursor !== undefined ? { after: cursor } : {}), limit: PAGE });
      for (const id of page.ids) await newRecords(id);
      cursor = page.ids.at(-1) ?? cursor;
      if (!page.more) return;
    }
  };
  const newRecords = (id: string) => readNew(options, id);
  const look = () => {
    running = running.then(async () => {
      try {
        await newInstances();
        for (const id of new Set([...options.watched(), ...options.unsettled(SWEEP)])) await newRecords(id);
      } catch (error) {
        options.failed?.(error);
      }
    });
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void look().then(schedule), options.intervalMs);
  };
  schedule();
  return {
    look,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** Hands over the records of an instance past the seq the inspector knows it at. */
export async function readNew(options: Pick<PollOptions, 'store' | 'seqOf' | 'found'>, aggregateId: string): Promise<void> {
  for (const record of await options.store.read(aggregateId, { fromSeq: options.seqOf(aggregateId) + 1 })) options.found(record);
}
