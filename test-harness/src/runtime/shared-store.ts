// Several runtimes on one store (and one consumer group): writes that collide are reloaded and
// retried until they land, so none is rejected; and settle() on one runtime resolves once what it
// started is done, even when the other runtime handled part of it. A store or transport that keeps
// its data outside the process is opened twice (a second process, as far as it can tell); an
// in-process one is shared as one object.
import { createIds, createRuntime, type EventStore, type Runtime, type RuntimeOptions, type Transport } from '@eventflow/core';
import { withStore, withTransport } from '../lifecycle.ts';
import { storeCapabilities } from '../options.ts';
import { override } from '../wrap.ts';
import type { RuntimeSubject } from './replay-determinism.ts';

const ACCOUNT_FLOW = `machine: @account
  on :open from @customer (api)
    account moves to #open
  on :deposit from @customer (api)
    $balance increases by $amount
`;

const ORDER_FLOW = `machine: @order
  on :checkout from @customer (api)
    order moves to #awaiting
    emit :payment_request to @payment
  on :payment_success from @payment
    order moves to #paid
`;

const PAYMENT_FLOW = `machine: @payment
  on :payment_request from @order
    payment moves to #captured
    emit :payment_success to @order
`;

/** What the write probe saw. */
export interface SharedWritesReport {
  readonly sends: number;
  /** Sends that failed (CONCURRENCY_ERROR or anything else). */
  readonly rejected: number;
  /** Commits the store answered with `conflict` (each one reloaded and retried). */
  readonly conflicts: number;
}

export interface SharedWritesOptions {
  /** Deposits sent, half through each runtime (default 640). */
  readonly sends?: number;
  /** Accounts they go to, all of them written by both runtimes (default 8). */
  readonly accounts?: number;
  /** Sends made at once (default 32). */
  readonly wave?: number;
}

/** Two runtimes deposit into the same accounts at once; throws unless every balance is exact. */
export async function runSharedWrites(subject: RuntimeSubject, options: SharedWritesOptions = {}): Promise<SharedWritesReport> {
  const { sends = 640, accounts = 8, wave = 32 } = options;
  let conflicts = 0;
  const counted = (store: EventStore) =>
    override(store, {
      append: async (commits) => {
        const results = await store.append(commits);
        conflicts += results.filter((result) => result.status === 'conflict').length;
        return results;
      },
    });
  return withShared(subject, async (stores, transports) => {
    const [a, b] = await Promise.all([start(ACCOUNT_FLOW, counted(stores[0]), transports[0], 100), start(ACCOUNT_FLOW, counted(stores[1]), transports[1], 101)]);
    try {
      const opened = await Promise.all(Array.from({ length: accounts }, () => a.send({ event: ':open', to: '@account' })));
      const ids = opened.map((result) => result.aggregate_id);
      const failures: unknown[] = [];
      const target = (i: number) => Math.floor(i / 2) % accounts;
      const expected = new Array<number>(accounts).fill(0);
      for (let i = 0; i < sends; i++) expected[target(i)] = (expected[target(i)] ?? 0) + 1;
      for (let first = 0; first < sends; first += wave) {
        const batch = Array.from({ length: Math.min(wave, sends - first) }, (_, k) => first + k);
        await Promise.all(
          batch.map((i) =>
            (i % 2 === 0 ? a : b)
              .send({ event: ':deposit', to: '@account', aggregate_id: ids[target(i)] as string, data: { amount: 1 } })
              .catch((error: unknown) => void failures.push(error)),
          ),
        );
      }
      const views = await Promise.all(ids.map((id) => a.state(id)));
      const balances = views.map((view) => view.context['balance'] ?? 0);
      const missed = balances.filter((balance, k) => balance !== expected[k]).length;
      if (failures.length === 0 && missed > 0) throw new Error(`No send was rejected, yet balances ${JSON.stringify(balances)} differ from ${JSON.stringify(expected)}`);
      if (failures.length > 0) console.error(`first rejected send: ${String(failures[0])}`);
      return { sends, rejected: failures.length, conflicts };
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
}

/** What the settle probe saw. */
export interface SharedGroupReport {
  /** Conversations the first runtime started. */
  readonly started: number;
  /** Records the second runtime committed for them. */
  readonly handledByOther: number;
  /** Of the started orders, those not `#paid` once the first runtime settled. */
  readonly unfinished: number;
  /** Records still in the outbox once both runtimes settled. */
  readonly undispatched: number;
}

/**
 * Two runtimes in one consumer group: the first starts conversations (in waves, until the second
 * has handled part of them), then settles; what it started must be done by then.
 */
export async function runSharedGroup(subject: RuntimeSubject, options: { settleTimeoutMs?: number; maxWaves?: number } = {}): Promise<SharedGroupReport> {
  const { settleTimeoutMs = 30_000, maxWaves = 40 } = options;
  return withShared(subject, async (stores, transports) => {
    let handledByOther = 0;
    const flows = `${ORDER_FLOW}\n${PAYMENT_FLOW}`;
    const a = await start(flows, stores[0], transports[0], 200, { settleTimeoutMs });
    const b = await start(flows, stores[1], transports[1], 201, { settleTimeoutMs, observe: () => void handledByOther++ });
    try {
      const orders: string[] = [];
      for (let waves = 0; waves < maxWaves && handledByOther === 0; waves++) {
        const started = await Promise.all(Array.from({ length: 5 }, () => a.send({ event: ':checkout', to: '@order' })));
        orders.push(...started.map((result) => result.aggregate_id));
        // Give the group a moment to deliver before deciding whether another wave is needed.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await a.settle();
      const states = await Promise.all(orders.map((id) => a.state(id)));
      const unfinished = states.filter((view) => view.state !== '#paid').length;
      await b.settle();
      const undispatched = storeCapabilities(subject.store).outbox ? (await stores[0].undispatched()).length : 0;
      return { started: orders.length, handledByOther, unfinished, undispatched };
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
}

function start(source: string, store: EventStore, transport: Transport, seed: number, extra: Partial<RuntimeOptions> = {}): Promise<Runtime> {
  return createRuntime({ flows: [{ name: 'shared.flow', source }], store, transport, ids: createIds({ seed }), ...extra });
}

/** Two handles on one store and one transport (see the file's first lines). */
async function withShared<T>(subject: RuntimeSubject, body: (stores: [EventStore, EventStore], transports: [Transport, Transport]) => Promise<T>): Promise<T> {
  return withStore(subject.store, (store, storeContext) =>
    withTransport(subject.transport, async (transport, transportContext) => {
      const secondStore = storeCapabilities(subject.store).durable ? await subject.store.create(storeContext) : store;
      const secondTransport = transport.durable ? await subject.transport.create(transportContext) : transport;
      try {
        return await body([store, secondStore], [transport, secondTransport]);
      } finally {
        if (secondTransport !== transport) await secondTransport.close();
        if (secondStore !== store) await secondStore.close();
      }
    }),
  );
}
