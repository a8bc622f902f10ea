// Broker trouble: an unreachable broker fails fast with TRANSPORT_UNAVAILABLE, and a broker restart
// in the middle of a run loses no envelope whose publish resolved.
import { createServer } from 'node:net';
import { isEventFlowError, orderingKey, type Envelope } from '@eventflow/core';
import { afterEach, expect, test } from 'vitest';
import { serverTest, restartService } from '../../../scripts/services/control.ts';
import { createKafkaTransport } from './index.ts';
import { envelope, eventually, Recorder, sleep, testLogLevel, testTransport } from './test-support/kafka.ts';

const MACHINE = '@ledger';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function rejection(promise: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  try {
    await promise;
  } catch (error) {
    return { error, ms: Date.now() - started };
  }
  throw new Error('expected a rejection');
}

test('an unreachable broker: publish and subscribe keep trying until their deadlines, then fail with TRANSPORT_UNAVAILABLE naming the brokers and the last error', async () => {
  const broker = `127.0.0.1:${await closedPort()}`;
  const transport = createKafkaTransport({
    brokers: [broker],
    clientId: 'unreachable',
    publishTimeoutMs: 2_000,
    subscribeTimeoutMs: 3_000,
    logLevel: testLogLevel(),
  });
  cleanups.push(() => transport.close());
  for (const [attempt, deadlineMs] of [
    [() => transport.publish([envelope('e1', MACHINE, 'agg-1')]), 2_000],
    [() => transport.subscribe(MACHINE, async () => undefined), 3_000],
  ] as const) {
    const { error, ms } = await rejection(attempt());
    expect(isEventFlowError(error) && error.code).toBe('TRANSPORT_UNAVAILABLE');
    expect((error as Error).message).toContain(broker);
    // A refused connection is transient for kafkajs: retried until the deadline, then named.
    expect((error as Error).message).toMatch(new RegExp(`\\(KafkaJS\\w+: .*; still failing after ${deadlineMs} ms\\)$`));
    expect(ms, 'kept trying until its deadline').toBeGreaterThanOrEqual(deadlineMs - 50);
    expect(ms, 'failed at its deadline (+ slack for a loaded machine)').toBeLessThan(deadlineMs + 5_000);
  }
});

serverTest('kafka', test)(
  'a broker restart mid-run loses no envelope whose publish resolved',
  async () => {
    const { transport } = testTransport({ publishTimeoutMs: 4_000 });
    cleanups.push(() => transport.close());
    const recorder = new Recorder();
    const subscription = await transport.subscribe(MACHINE, recorder.handler());
    cleanups.push(() => subscription.unsubscribe());

    const resolved: Envelope[] = [];
    const failed: string[] = [];
    let restarted = false;
    let restart: Promise<unknown> | undefined;
    let afterRestart = 0;
    let resolvedAfterRestart = 0;
    for (let i = 0; afterRestart < 30; i++) {
      if (i === 30) restart = restartService('kafka').finally(() => (restarted = true));
      const e = envelope(`p${i}`, MACHINE, `agg-${i % 8}`);
      try {
        await transport.publish([e]);
        resolved.push(e);
        if (restarted) resolvedAfterRestart++;
      } catch (error) {
        expect(isEventFlowError(error) && error.code, String(error)).toBe('TRANSPORT_UNAVAILABLE');
        failed.push(e.id);
        await sleep(100);
      }
      if (restarted) afterRestart++;
      await sleep(20);
    }
    await restart;
    await eventually(
      () => resolved.every((e) => recorder.ackedSet().has(e.id)),
      `all ${resolved.length} acknowledged publishes delivered (${failed.length} publishes failed)`,
      60_000,
    );
    // Per key, the acknowledged envelopes were first delivered in publish order.
    const firstAck = recorder.acked();
    const position = new Map(firstAck.map((id, i) => [id, i]));
    for (const key of new Set(resolved.map(orderingKey))) {
      const ids = resolved.filter((e) => orderingKey(e) === key).map((e) => e.id);
      const seen = [...ids].sort((a, b) => position.get(a)! - position.get(b)!);
      expect(seen, `order of ${key}`).toEqual(ids);
    }
    expect(resolvedAfterRestart, 'publishes that resolved after the restart').toBeGreaterThan(0);
  },
  120_000,
);
