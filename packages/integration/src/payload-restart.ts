// The restart property shared by the file store (unit) and the Mongo store (int): for any payload
// the boundary accepts, every instance and every history read after a restart equals what the live
// runtime showed. Payloads reach context, an emitted envelope, the receiver's record and a reply.
import fc from 'fast-check';
import { expect } from 'vitest';
import { createIds, createRuntime, steppingClock, type EventStore, type InstanceView, type StoredRecord } from '@eventflow/core';
import { createMemoryTransport } from '@eventflow/memory';

const FLOWS = [
  {
    name: 'order.flow',
    source: `machine: @order
  on :place from @customer (api)
    $order becomes $order
    order moves to #placed
    emit :noted to @audit
      with $order, $extra
    reply 200 with:
      | order | $order |

  on :amend from @customer (api)
    $order becomes $order
    order moves to #amended
`,
  },
  {
    name: 'audit.flow',
    source: `machine: @audit
  on :noted from @order
    $seen becomes $order
    audit moves to #noted
`,
  },
];

/** Field names that trip stores and objects: prototype keys, Mongo operators, dots, empty, any Unicode. */
const key = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', '', '$set', 'a.b', '_id') },
);

/** Every kind of JSON number that a lossy codec gets wrong: -0, 1e21, ±2^53, the smallest double, non-integers. */
const number = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
  fc.constantFrom(-0, 1e21, -1e21, 5e-324, Number.MAX_VALUE, 0.1, 16_777_217, 2 ** 31),
);

const leaf = fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), number, fc.boolean(), fc.constant(null));

const tree = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
})).node;

/** A value nested `depth` levels, up to what the boundary allows inside `data: { order: ... }`. */
const deep = fc.tuple(fc.integer({ min: 1, max: 62 }), leaf).map(([depth, inner]) => {
  let value: unknown = inner;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { k: value };
  return value;
});

/** Event data as a caller sends it: `order` and `extra` are copied around by the flows, the rest only stored. */
export const payloadArb = fc.record(
  { order: fc.oneof(tree, deep), extra: tree, more: fc.dictionary(key, tree, { maxKeys: 3 }) },
  { requiredKeys: ['order'] },
).map(({ more, ...fields }) => ({ ...more, ...fields }));

export interface RestartSubject {
  /** A store over the same durable place each time it is called (the first call starts empty). */
  open(): EventStore | Promise<EventStore>;
}

/** Sends the payloads (the first places an order, the rest amend it), restarts, and compares. */
export async function checkRestart(subject: RestartSubject, payloads: readonly Record<string, unknown>[]): Promise<void> {
  const live = await runAndRead(subject, async (runtime) => {
    const { aggregate_id } = await runtime.send({ event: ':place', to: '@order', data: payloads[0] });
    for (const data of payloads.slice(1)) await runtime.send({ event: ':amend', to: '@order', aggregate_id, data });
  });
  const restarted = await runAndRead(subject, async () => undefined);
  expect(restarted).toEqual(live);
  expect(live.instances.map((view) => view.state).sort()).toEqual(payloads.length > 1 ? ['#amended', '#noted'] : ['#noted', '#placed']);
}

interface Reading {
  readonly instances: InstanceView[];
  readonly histories: StoredRecord[][];
}

async function runAndRead(subject: RestartSubject, act: (runtime: Awaited<ReturnType<typeof createRuntime>>) => Promise<void>): Promise<Reading> {
  const store = await subject.open();
  const runtime = await createRuntime({ flows: FLOWS, store, transport: createMemoryTransport(), ids: createIds({ seed: 3 }), clock: steppingClock() });
  try {
    await act(runtime);
    await runtime.settle();
    const instances = (await runtime.instances()).sort((a, b) => a.machine.localeCompare(b.machine));
    const histories = await Promise.all(instances.map((view) => runtime.history(view.aggregate_id)));
    return { instances, histories };
  } finally {
    await runtime.close();
    await store.close();
  }
}

/** FC_SEED / FC_PATH replay a failure fast-check reported (it prints both with the counterexample). */
export function replayParameters(): fc.Parameters<unknown> {
  const seed = process.env['FC_SEED'];
  const path = process.env['FC_PATH'];
  return seed ? { seed: Number(seed), ...(path ? { path } : {}) } : {};
}
