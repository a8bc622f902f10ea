// The suite must catch each deliberately broken adapter: its property check rejects.
import { describe, expect, test } from 'vitest';
import { createMemoryStore, createMemoryTransport } from '@eventflow/memory';
import type { EventStore, Transport } from '@eventflow/core';
import {
  checkAtLeastOnce,
  checkEnvelopeRoundTrip,
  checkKeyOrder,
  checkRacingAppends,
  checkStoreModel,
  checkSubscriberRestart,
  type CheckOptions,
} from '../index.ts';
import { dropsLastRecord, ignoresExpectedSeq, ignoresIdempotency, reordersStream } from './stores.ts';
import { dropsRedeliveries, losesHeaders, newGroupPerSubscribe, reordersWithinKey } from './transports.ts';

// Fixed seeds keep these deterministic whatever FC_SEED says; the report must still be complete.
const options: CheckOptions = { seed: 1234, runs: 100 };
const failure = /Property failed after \d+ tests\n\{ seed: 1234, path: "[\d:]+", endOnFailure: true \}\nCounterexample:[\s\S]*Replay: FC_SEED=1234 FC_PATH='/;

const store = (broken: (inner: EventStore) => EventStore) => ({
  create: () => broken(createMemoryStore()),
  capabilities: { outbox: true },
});
const transport = (broken: (inner: Transport) => Transport) => ({
  create: () => broken(createMemoryTransport()),
  settleMs: 60,
});
// A lost envelope costs a settle wait per shrink step: report the first failure unshrunk.
const unshrunk: CheckOptions = { ...options, endOnFailure: true };

describe('broken stores are caught', () => {
  test.each([
    ['drops the last record on read', dropsLastRecord],
    ['reorders a stream', reordersStream],
    ['ignores the expected seq', ignoresExpectedSeq],
    ['ignores idempotency', ignoresIdempotency],
  ])('the model property catches a store that %s', async (_, broken) => {
    await expect(checkStoreModel(store(broken), options)).rejects.toThrow(failure);
  });

  test('the racing-appends property catches a store that ignores the expected seq', async () => {
    await expect(checkRacingAppends(store(ignoresExpectedSeq), options)).rejects.toThrow(failure);
  });
});

describe('broken transports are caught', () => {
  test('the envelope round trip catches a transport that loses headers', async () => {
    await expect(checkEnvelopeRoundTrip(transport(losesHeaders), options)).rejects.toThrow(failure);
  });

  test('the key-order property catches a transport that reorders within a key', async () => {
    await expect(checkKeyOrder(transport(reordersWithinKey), options)).rejects.toThrow(failure);
  });

  test('the at-least-once property catches a transport that drops redeliveries', async () => {
    await expect(checkAtLeastOnce(transport(dropsRedeliveries), unshrunk)).rejects.toThrow(failure);
  });

  test('the restart property catches a transport that starts a new consumer group on every subscribe', async () => {
    await expect(checkSubscriberRestart(transport(newGroupPerSubscribe), unshrunk)).rejects.toThrow(failure);
  });
});
