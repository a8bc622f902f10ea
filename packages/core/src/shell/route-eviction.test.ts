// Routing decides whether a named instance exists from the cache and, for the rest, one look-up in
// the store. Batches handled while that look-up waits may push a cached instance out of the cache
// (more instances in flight than `cacheSize`, as on a busy worker): it still exists.
import { describe, expect, it } from 'vitest';
import { createIds } from '../ids.ts';
import type { Envelope } from '../envelope.ts';
import type { EventStore } from '../ports.ts';
import { loggingStore, manualTransport } from '../test-support/ports.ts';
import { createRuntime } from './runtime.ts';

const FLOW = `machine: @account
  on :open from @customer (api)
    account moves to #open
  on :deposit from @bank
    account moves to #funded
`;

/** A store whose reads of `slow` wait until `open()`. */
function storeWithSlowRead(slow: string) {
  const inner = loggingStore();
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let asked!: () => void;
  const waiting = new Promise<void>((resolve) => (asked = resolve));
  const store: EventStore = {
    ...inner,
    async read(aggregateId, options) {
      if (aggregateId === slow) {
        asked();
        await gate;
      }
      return inner.read(aggregateId, options);
    },
  };
  return { store, open: () => open(), waiting };
}

function deposit(id: string, account: string): Envelope {
  return { id, event: ':deposit', conversation_id: `conv-${id}`, from: { machine: '@bank' }, to: { machine: '@account', aggregate_id: account }, data: {}, timestamp: '2026-01-01T00:00:00.000Z' };
}

describe('routing while other batches fill the cache', () => {
  it('an instance cached when its batch was routed still exists after others pushed it out of the cache', async () => {
    const { store, open, waiting } = storeWithSlowRead('account-unknown');
    const transport = manualTransport(true);
    const errors: unknown[] = [];
    const runtime = await createRuntime({ flows: [{ name: 'account.flow', source: FLOW }], store, transport, cacheSize: 2, ids: createIds({ seed: 9 }), onError: (error) => errors.push(error) });
    const { aggregate_id: cachedAccount } = await runtime.send({ event: ':open', to: '@account' });

    const batch = transport.deliver('@account', [deposit('d1', cachedAccount), deposit('d2', 'account-unknown')]);
    await waiting;
    for (let i = 0; i < 3; i++) await runtime.send({ event: ':open', to: '@account' });
    open();
    await batch;

    expect((await runtime.state(cachedAccount)).state).toBe('#funded');
    expect(errors.map((error) => String(error).split('\n')[1]?.trim())).toEqual(["- No account aggregate with id 'account-unknown' exists"]);
    await runtime.close();
  });
});
