// Behaviour the conformance suite leaves to each adapter (dead letters, backoff, idle(), group
// stickiness); the shared contract runs from test-harness/src/memory.test.ts.
import { expect, test, vi } from 'vitest';
import { isEventFlowError, type Envelope } from '@eventflow/core';
import { createMemoryTransport, type DeadLetter } from './index.ts';
import { envelope } from './test-support/records.ts';

test('a handler that keeps failing: bounded backoff, then one dead letter and onError', async () => {
  const letters: DeadLetter[] = [];
  const delays: number[] = [];
  const transport = createMemoryTransport({
    maxAttempts: 3,
    backoff: (failures) => (delays.push(failures), 1),
    onError: (letter) => letters.push(letter),
  });
  const seen: string[] = [];
  await transport.subscribe('@payment', async (batch) => {
    for (const e of batch) {
      seen.push(e.id);
      if (e.id === 'bad') throw new Error('boom');
    }
  });
  await transport.publish([envelope('bad', 'p1'), envelope('good', 'p1')]);
  await transport.idle();
  expect(seen).toEqual(['bad', 'bad', 'bad', 'good']);
  expect(delays).toEqual([1, 2]);
  expect(letters).toEqual(transport.deadLetters());
  expect(letters).toMatchObject([{ machine: '@payment', group: '', attempts: 3, envelope: { id: 'bad' } }]);
  expect((letters[0]!.error as Error).message).toBe('boom');
  await transport.close();
});

test('failures are counted per envelope: the next one in the lane starts again from its first failure', async () => {
  const delays: number[] = [];
  const transport = createMemoryTransport({ maxAttempts: 3, backoff: (failures) => (delays.push(failures), 1) });
  const tried = new Set<string>();
  const seen: string[] = [];
  await transport.subscribe('@payment', async (batch) => {
    for (const e of batch) {
      seen.push(e.id);
      if (!tried.has(e.id)) {
        tried.add(e.id);
        throw new Error('first try fails');
      }
    }
  });
  await transport.publish([envelope('a', 'p1'), envelope('b', 'p1')]);
  await transport.idle();
  expect(seen).toEqual(['a', 'a', 'b', 'b']);
  expect(delays).toEqual([1, 1]);
  expect(transport.deadLetters()).toEqual([]);
  await transport.close();
});

test('the default backoff doubles and stays under 50 ms', async () => {
  vi.useFakeTimers();
  try {
    const transport = createMemoryTransport({ maxAttempts: 10 });
    const at: number[] = [];
    await transport.subscribe('@payment', async () => {
      at.push(Date.now());
      throw new Error('no');
    });
    await transport.publish([envelope('x', 'p1')]);
    await vi.runAllTimersAsync();
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    expect(gaps).toEqual([2, 4, 8, 16, 32, 50, 50, 50, 50]);
    expect(transport.deadLetters()).toHaveLength(1);
    await transport.close();
  } finally {
    vi.useRealTimers();
  }
});

test('delivery is asynchronous and buffered until the machine has a subscriber', async () => {
  const transport = createMemoryTransport();
  await transport.publish([envelope('1', 'p1'), envelope('2', 'p1')]);
  await transport.idle();
  const seen: string[] = [];
  const subscribed = transport.subscribe('@payment', async (batch) => void seen.push(...batch.map((e) => e.id)));
  expect(seen).toEqual([]); // never inside the call that made delivery possible
  await subscribed;
  await transport.idle();
  expect(seen).toEqual(['1', '2']);
  await transport.close();
});

test('in a group one ordering key always goes to the same member; plain subscribers share a default group', async () => {
  for (const group of ['workers', undefined]) {
    const transport = createMemoryTransport();
    const byMember = new Map<number, Set<string>>();
    for (const member of [0, 1, 2]) {
      byMember.set(member, new Set());
      const handler = async (batch: readonly Envelope[]) => {
        for (const e of batch) byMember.get(member)!.add(e.to.aggregate_id!);
      };
      await transport.subscribe('@payment', handler, group === undefined ? {} : { group });
    }
    const keys = Array.from({ length: 30 }, (_, i) => `p${i}`);
    await transport.publish(keys.flatMap((k) => [envelope(`${k}-a`, k), envelope(`${k}-b`, k)]));
    await transport.idle();
    const sets = [...byMember.values()];
    expect(sets.reduce((n, s) => n + s.size, 0)).toBe(30);
    expect(sets.filter((s) => s.size > 0).length).toBeGreaterThan(1);
    await transport.close();
  }
});

test('idle() waits for redeliveries; unsubscribe waits for the running handler', async () => {
  const transport = createMemoryTransport({ backoff: () => 5 });
  let calls = 0;
  let release!: () => void;
  const subscription = await transport.subscribe('@payment', async () => {
    calls++;
    if (calls === 1) throw new Error('once');
    await new Promise<void>((resolve) => (release = resolve));
  });
  await transport.publish([envelope('1', 'p1')]);
  const idle = transport.idle().then(() => 'idle');
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(calls).toBe(2);
  let stopped = false;
  const stopping = subscription.unsubscribe().then(() => (stopped = true));
  await Promise.resolve();
  expect(stopped).toBe(false);
  release();
  await stopping;
  expect(await idle).toBe('idle');
  await transport.close();
});

test('publish rejects envelopes without to.machine and after close', async () => {
  const transport = createMemoryTransport();
  const bad = { ...envelope('1'), to: undefined } as unknown as Envelope;
  await expect(async () => transport.publish([envelope('0', 'p'), bad])).rejects.toSatisfy(
    (e: unknown) => isEventFlowError(e) && e.code === 'INVALID_ENVELOPE',
  );
  await transport.close();
  await expect(async () => transport.publish([envelope('2', 'p')])).rejects.toSatisfy(
    (e: unknown) => isEventFlowError(e) && e.code === 'TRANSPORT_CLOSED',
  );
});

test('a handler that throws at once asks for the batch again: its lanes come back one envelope at a time, order per key holds', async () => {
  const transport = createMemoryTransport({ backoff: () => 1 });
  const seen: string[] = [];
  const batches: string[][] = [];
  let failOnce = true;
  await transport.subscribe('@payment', ((batch: readonly Envelope[]) => {
    batches.push(batch.map((e) => e.id));
    for (const e of batch) {
      seen.push(e.id);
      if (e.id === 'b' && failOnce) {
        failOnce = false;
        throw new Error('not yet');
      }
    }
    return Promise.resolve();
  }) as never);
  await transport.publish([envelope('a', 'p1'), envelope('b', 'p1'), envelope('c', 'p1'), envelope('x', 'p2')]);
  await transport.idle();
  // The whole first batch comes again (receivers deduplicate): the failed lane's head alone first.
  expect(batches[0]).toEqual(['a', 'b', 'c', 'x']);
  expect(batches.slice(1).map((ids) => ids.join(' ')).sort()).toEqual(['a', 'b c', 'x']);
  expect(seen.filter((id) => id !== 'a' && id !== 'x')).toEqual(['b', 'b', 'c']);
  expect(transport.deadLetters()).toEqual([]);
  await transport.close();
});

test('ready lanes go to their member in one batch, at most maxBatchSize envelopes', async () => {
  const transport = createMemoryTransport({ maxBatchSize: 4 });
  const batches: number[] = [];
  await transport.subscribe('@payment', async (batch) => void batches.push(batch.length));
  await transport.publish(Array.from({ length: 10 }, (_, i) => envelope(`e${i}`, `p${i % 5}`)));
  await transport.idle();
  expect(batches.reduce((a, b) => a + b, 0)).toBe(10);
  expect(Math.max(...batches)).toBeLessThanOrEqual(4);
  expect(batches.length).toBeLessThan(10);
  expect(transport.durable).toBe(false);
  await transport.close();
});
