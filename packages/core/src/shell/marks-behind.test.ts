// A delivered batch is acknowledged once its envelopes are published, while the store still writes
// their marks (the next batch need not wait for them); settle() and close() do wait for them, and a
// mark that fails is reported with the records left in the outbox.
import { describe, expect, it } from 'vitest';
import { createIds } from '../ids.ts';
import type { Envelope } from '../envelope.ts';
import type { EventStore, RecordRef } from '../ports.ts';
import { loggingStore, manualTransport } from '../test-support/ports.ts';
import { createRuntime } from './runtime.ts';

const FLOW = `machine: @account
  on :deposit from @bank
    account moves to #funded
    emit :entry to @ledger

machine: @ledger
  on :entry
    ledger moves to #booked
`;

/** A store whose marks wait until `open()`, or fail with `fail()`. */
function gatedStore() {
  const inner = loggingStore();
  let release!: (error?: Error) => void;
  const gate = new Promise<Error | undefined>((resolve) => (release = resolve));
  const asked: RecordRef[][] = [];
  const store: EventStore = {
    ...inner,
    async markDispatched(refs) {
      asked.push([...refs]);
      const error = await gate;
      if (error) throw error;
      return inner.markDispatched(refs);
    },
  };
  return { store, asked, written: inner.dispatched, open: () => release(), fail: (error: Error) => release(error) };
}

async function system() {
  const gated = gatedStore();
  const transport = manualTransport(true);
  const errors: unknown[] = [];
  const runtime = await createRuntime({ flows: [{ name: 'bank.flow', source: FLOW }], store: gated.store, transport, ids: createIds({ seed: 5 }), settleTimeoutMs: 5_000, onError: (error) => errors.push(error) });
  return { runtime, transport, errors, ...gated };
}

function deposit(id: string, account: string): Envelope {
  return { id, event: ':deposit', conversation_id: `conv-${id}`, from: { machine: '@bank' }, to: { machine: '@account', aggregate_id: account }, data: {}, timestamp: '2026-01-01T00:00:00.000Z' };
}

/** Whether `promise` has settled after the work already queued has run (a negative check: a promise that should wait). */
async function settledYet(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setTimeout(resolve, 20));
  return done;
}

describe('marks written behind the batch', () => {
  it('a delivered batch is acknowledged once published, while its marks are still being written', async () => {
    const { runtime, transport, asked, written, open } = await system();
    await transport.deliver('@account', [deposit('d1', 'acc-1'), deposit('d2', 'acc-2')]);
    expect(transport.published.flat().map((envelope) => envelope.event)).toEqual([':entry', ':entry']);
    expect(asked).toEqual([[{ aggregateId: 'acc-1', seq: 1 }, { aggregateId: 'acc-2', seq: 1 }]]);
    expect(written).toEqual([]);
    open();
    await runtime.close();
    expect(written).toEqual([{ aggregateId: 'acc-1', seq: 1 }, { aggregateId: 'acc-2', seq: 1 }]);
  });

  it('settle() waits for the marks', async () => {
    const { runtime, transport, written, open } = await system();
    await transport.deliver('@account', [deposit('d1', 'acc-1')]);
    await transport.deliver('@ledger', transport.published.flat());
    const settling = runtime.settle();
    expect(await settledYet(settling)).toBe(false);
    open();
    await settling;
    expect(written).toEqual([{ aggregateId: 'acc-1', seq: 1 }]);
    await runtime.close();
  });

  it('close() waits for the marks, so a stopping worker leaves nothing for its peers to send again', async () => {
    const { runtime, transport, written, open } = await system();
    await transport.deliver('@account', [deposit('d1', 'acc-1')]);
    const closing = runtime.close();
    expect(await settledYet(closing)).toBe(false);
    open();
    await closing;
    expect(written).toEqual([{ aggregateId: 'acc-1', seq: 1 }]);
  });

  it('a mark that fails is reported and leaves the record in the outbox', async () => {
    const { runtime, transport, store, errors, fail } = await system();
    await transport.deliver('@account', [deposit('d1', 'acc-1')]);
    fail(new Error('store unavailable while marking'));
    await runtime.close();
    expect(errors.map(String)).toEqual(['Error: store unavailable while marking']);
    expect((await store.undispatched()).map((record) => record.event_id)).toEqual(['d1']);
  });
});
