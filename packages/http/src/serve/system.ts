// The runtime with the adapters the configuration asks for. Servers that are not there yet (a
// broker still starting, a database still electing) are waited for: each failed start closes what it
// opened and tries again, until the start-up timeout.
import { createRuntime, isEventFlowError, type BindingSet, type Envelope, type Runtime, type RuntimeOptions } from '@eventflow/core';
import type { ReadinessCheck } from '../health.ts';
import { createStore, createTransport, type Adapter } from './adapters.ts';
import type { ServeConfig } from './config.ts';
import type { ServiceLogger } from './logger.ts';
import { serviceMetrics } from './metrics.ts';
import { countingJoins, readinessOf, type JoinCount } from './readiness.ts';
import type { EventStore, StoredRecord, Transport } from '@eventflow/core';

/** What a system is made of: the configuration, the flows and bindings, and where to log. */
export interface SystemInput {
  readonly config: ServeConfig;
  /** The served directory: a file store's path is relative to it. */
  readonly dir: string;
  readonly flows: RuntimeOptions['flows'];
  readonly bindings: readonly BindingSet[];
  readonly logger: ServiceLogger;
  /** Also called with every record this process commits (an inspector's index). */
  readonly observe?: (record: StoredRecord) => void;
}

export interface SystemOptions extends SystemInput {
  /** Checked between attempts: true once a stop was asked for. */
  readonly stopping: () => boolean;
}

export interface System {
  readonly runtime: Runtime;
  readonly store: Adapter<EventStore>;
  readonly transport: Adapter<Transport>;
  readonly readiness: ReadinessCheck;
  /** Leaves the consumer groups, then closes the transport and the store. */
  close(): Promise<void>;
}

/** Failures that a server coming up later would cure. */
const TRANSIENT = new Set(['TRANSPORT_UNAVAILABLE', 'STORE_UNAVAILABLE', 'TRANSPORT_ERROR', 'STORE_ERROR']);

export async function startSystem(options: SystemOptions): Promise<System> {
  const deadline = Date.now() + options.config.startup.timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptStart(options);
    } catch (error) {
      const transient = isEventFlowError(error) && TRANSIENT.has(error.code);
      if (!transient || Date.now() >= deadline || options.stopping()) throw error;
      const wait = Math.min(250 * 2 ** attempt, 5_000);
      options.logger.warn({ attempt, retry_in_ms: wait, err: error }, 'cannot start yet; trying again');
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

async function attemptStart(options: SystemOptions): Promise<System> {
  const { config, logger } = options;
  const store = await createStore(config, options.dir);
  const transport = await createTransport(config, logger);
  const count: JoinCount = { joined: 0 };
  const consume = config.role !== 'ingress';
  const measured = serviceMetrics(store.port);
  const close = async () => {
    measured.close();
    await transport.close();
    await store.close();
  };
  const debug = logger.isLevelEnabled('debug');
  let runtime: Runtime;
  try {
    runtime = await createRuntime({
      flows: options.flows,
      store: store.port,
      transport: countingJoins(transport.port, count),
      bindings: options.bindings,
      consume,
      group: config.group,
      outboxSweepMs: config.outboxSweepMs,
      onError: (error, envelope) => logger.error({ ...envelopeFields(envelope), err: error }, 'event failed'),
      observe: (record) => {
        measured.handled(record);
        options.observe?.(record);
        if (debug) logger.debug({ machine: record.machine, aggregate_id: record.aggregate_id, event: record.event_type, conversation_id: record.conversation_id, seq: record.seq, state: record.outcome.state_after }, 'handled');
      },
    });
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  const readiness = readinessOf({ store: store.probe, transport: transport.probe, expected: consume ? runtime.definition.machines.size : 0, count });
  return {
    runtime,
    store,
    transport,
    readiness,
    close: async () => {
      await runtime.close();
      await close();
    },
  };
}

function envelopeFields(envelope: Envelope | undefined): Record<string, unknown> {
  if (!envelope) return {};
  return { machine: envelope.to.machine, aggregate_id: envelope.to.aggregate_id, event: envelope.event, conversation_id: envelope.conversation_id };
}
