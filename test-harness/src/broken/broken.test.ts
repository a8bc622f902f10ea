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
  checkVolume,
  type CheckOptions,
} from '../index.ts';
import { override } from '../wrap.ts';
import { MANGLES } from './payloads.ts';
import { dropsLastRecord, ignoresExpectedSeq, ignoresIdempotency, lossyPayloads as lossyStore, outboxDropsRules, reordersStream, snapshotByPrefix } from './stores.ts';
import {
  dropsEvery200th,
  dropsRedeliveries,
  dropsRules,
  losesHeaders,
  lossyPayloads as lossyTransport,
  newGroupPerSubscribe,
  reordersPastFiveQueued,
  reordersWithinKey,
  swapsFromToEvery50th,
} from './transports.ts';

// Fixed seeds keep these deterministic whatever FC_SEED says; the report must still be complete.
const options: CheckOptions = { seed: 1234, runs: 100 };
// The report: seed, path, counterexample, and a replay line naming this file and the failing test.
const failure = /Property failed after \d+ tests\n\{ seed: 1234, path: "[\d:]+", endOnFailure: true \}\nCounterexample:[\s\S]*Replay: FC_SEED=1234 FC_PATH='[\d:]+'( FC_REPLAY_PATH='[^']*')? npx vitest run '[^']*broken\.test\.ts' -t '[^']*catches[^']*\$'$/;

const store = (broken: (inner: EventStore) => EventStore) => ({
  create: () => broken(createMemoryStore()),
  capabilities: { outbox: true, snapshots: true },
});
const transport = (broken: (inner: Transport) => Transport) => ({
  create: () => broken(createMemoryTransport()),
  settleMs: 60,
});
type Broken = (inner: Transport) => Transport;
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

  test.each<[string, (inner: EventStore) => EventStore]>([
    ['finds snapshots by aggregate id prefix (order-1 matches order-10)', snapshotByPrefix],
    ['drops the rules of emitted envelopes in the outbox', outboxDropsRules],
    ...Object.entries(MANGLES).map(([what, mangle]): [string, (inner: EventStore) => EventStore] => [`${what} (payloads and snapshot contexts)`, lossyStore(mangle)]),
  ])('the model property catches a store that %s', async (_, broken) => {
    await expect(checkStoreModel(store(broken), options)).rejects.toThrow(failure);
  });

  test('the memory store passes the model property with the same seed', async () => {
    await checkStoreModel(store((inner) => inner), options);
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

  test.each<[string, Broken]>([
    ['drops the rules field', dropsRules],
    ...Object.entries(MANGLES).map(([what, mangle]): [string, Broken] => [what, lossyTransport(mangle)]),
  ])('the envelope round trip catches a transport that %s', async (_, broken) => {
    await expect(checkEnvelopeRoundTrip(transport(broken), unshrunk)).rejects.toThrow(failure);
  });

  test.each<[string, Broken]>([
    ['reorders a key only past 5 queued envelopes', reordersPastFiveQueued],
    ['drops every 200th envelope', dropsEvery200th],
    ['swaps from and to on every 50th envelope', swapsFromToEvery50th],
    ['drops the rules field', dropsRules],
    ...Object.entries(MANGLES).map(([what, mangle]): [string, Broken] => [what, lossyTransport(mangle)]),
  ])('the volume property catches a transport that %s', async (_, broken) => {
    await expect(checkVolume(transport(broken), { ...unshrunk, runs: 5 })).rejects.toThrow(failure);
  });

  test('the memory transport passes the volume and round-trip properties with the same seed', async () => {
    await checkVolume(transport((inner) => inner), { ...options, runs: 5 });
    await checkEnvelopeRoundTrip(transport((inner) => inner), options);
  });

  test('within its time limit (a report, not a test timeout), the at-least-once property catches a transport that loses every envelope', async () => {
    const losesAll = { create: () => override(createMemoryTransport(), { publish: async () => undefined }), settleMs: 500 };
    const started = Date.now();
    // Shrinking would wait `settleMs` per step; the time limit stops it and reports what it has.
    await expect(checkAtLeastOnce(losesAll, { seed: 1234, runs: 100, timeLimitMs: 4_000 })).rejects.toThrow(failure);
    expect(Date.now() - started, 'the report came within the time limit plus one case').toBeLessThan(12_000);
  });

  test('the restart property catches a transport that starts a new consumer group on every subscribe', async () => {
    await expect(checkSubscriberRestart(transport(newGroupPerSubscribe), unshrunk)).rejects.toThrow(failure);
  });
});
