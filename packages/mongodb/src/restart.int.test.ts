// A FerretDB restart in the middle of a stream of appends: appends during the outage may fail, but
// every append that resolved must be readable afterwards, and the same store object carries on.
import { expect, test } from 'vitest';
import type { StoredRecord } from '@eventflow/core';
import { serverTest, restartService, startService, stopService } from '../../../scripts/services/control.ts';
import { appendOne, lastSeqOf, rejection, useMongo } from './test-support/mongo.ts';
import { record } from './test-support/records.ts';

const mongo = useMongo();

// Only a server this run started can be restarted (not one EVENTFLOW_MONGO_URL points at).
serverTest('mongo', test)('a server restart mid-run loses no acknowledged record', async () => {
  const { store } = mongo.fresh({ connectTimeoutMs: 2000 });
  const id = 'order-restart';
  const acked: StoredRecord[] = [];
  const attempted = new Set<string>();
  const failures: string[] = [];
  let expected = 0;
  let restart: Promise<unknown> | undefined;
  let restarted = false;
  let ackedAtRestart = 0;
  const deadline = Date.now() + 40_000;

  for (let i = 0; Date.now() < deadline; i++) {
    if (restarted && acked.length >= ackedAtRestart + 25) break;
    if (restart === undefined && acked.length === 40) {
      restart = restartService('mongo').then(() => {
        restarted = true;
        ackedAtRestart = acked.length;
      });
    }
    const next = record(id, expected + 1, `ev-${i}`, { emits: i % 2 });
    attempted.add(next.event_id);
    const started = Date.now();
    try {
      const result = await appendOne(store, id, expected, [next]);
      expect(result).toEqual({ status: 'appended', lastSeq: expected + 1 });
      acked.push(next);
      expected = result.lastSeq;
    } catch (error) {
      // The outcome is unknown (the write may have landed before the connection dropped): resync.
      failures.push(`${next.event_id} after ${Date.now() - started} ms: ${(error as Error).message.split('\n')[0]}`);
      expected = await untilAvailable(() => lastSeqOf(store, id));
    }
  }
  await restart;
  expect(restarted, 'the restart finished').toBe(true);
  expect(acked.length, `appends acknowledged after the restart (failures: ${failures.join(' | ')})`).toBeGreaterThanOrEqual(ackedAtRestart + 25);

  const stored = await store.read(id);
  expect(stored.map((r) => r.seq), 'gap-free').toEqual(stored.map((_, i) => i + 1));
  const bySeq = new Map(stored.map((r) => [r.seq, r]));
  for (const mine of acked) expect(bySeq.get(mine.seq), `acknowledged ${mine.event_id}`).toEqual(mine);
  for (const r of stored) expect(attempted.has(r.event_id), `${r.event_id} was attempted`).toBe(true);
  const outbox = new Set((await store.undispatched()).map((r) => r.event_id));
  for (const mine of acked) if (mine.outcome.emitted.length > 0) expect(outbox.has(mine.event_id)).toBe(true);
  console.info(`[restart] ${acked.length} acknowledged, ${stored.length} stored, ${failures.length} failed during the outage${failures.map((f) => `\n  ${f}`).join('')}`);
}, 60_000);

serverTest('mongo', test)('a store whose server is down at first use works once the server is up', async () => {
  await stopService('mongo');
  let started = false;
  try {
    const { store } = mongo.fresh({ connectTimeoutMs: 300 });
    expect(await rejection(lastSeqOf(store, 'order-1'))).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(await rejection(lastSeqOf(store, 'order-1'))).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await startService('mongo');
    started = true;
    expect(await appendOne(store, 'order-1', 0, [record('order-1', 1, 'e1')])).toEqual({ status: 'appended', lastSeq: 1 });
  } finally {
    if (!started) await startService('mongo');
  }
}, 60_000);

async function untilAvailable<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
