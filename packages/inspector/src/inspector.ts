// createInspector: the read-only inspector as a web handler to mount (`eventflow serve` puts it at
// /inspect, behind the API's auth; `eventflow inspect --ui` serves it alone). It indexes the store in
// the background once attached, follows the records this process commits through `observe` (the
// runtime's hook) or, for stores other processes write, by polling, and tells open pages to update.
import type { StoredRecord } from '@eventflow/core';
import type { PageAssets } from '@eventflow/diagram';
import { inspectorAssets } from './html/assets.ts';
import { Diagrams } from './html/diagrams.ts';
import type { Frame } from './html/shell.ts';
import { InstanceIndex } from './instance-index.ts';
import { LiveHub } from './live.ts';
import { readNew, startPolling, type Poller } from './poll.ts';
import { inspectorRoutes, type Served } from './routes.ts';
import { settledIn, type InspectorSource } from './source.ts';

/** How an inspector is mounted and whether it looks for records other processes store. */
export interface InspectorOptions {
  /** Where the handler is mounted; pages link under it. Default `/inspect`. */
  readonly base?: string;
  /** Also look in the store for records other processes wrote, every N ms (0, the default: never). */
  readonly pollMs?: number;
  /** A failed poll (the store away for a moment). */
  readonly onPollError?: (error: unknown) => void;
}

/** A read-only inspector: a web handler to mount, fed with the records the system commits. */
export interface Inspector {
  /** The web handler; paths are relative to the base (Hono's `mount` strips it). */
  readonly fetch: (request: Request) => Response | Promise<Response>;
  /** Every record this process commits (pass it to the runtime's `observe` option): indexed, and open pages update. */
  observe(record: StoredRecord): void;
  /** Starts serving a source: the index is built in the background. Once only. */
  attach(source: InspectorSource): void;
  /** Resolves when the index has been built (or has failed: see the overview). */
  ready(): Promise<void>;
  /** Ends the live streams (so a draining server can close its connections) and stops polling. */
  close(): void;
}

/** An inspector with no source yet: `attach` one (a running runtime's or a store's), then mount `fetch`. */
export function createInspector(options: InspectorOptions = {}): Inspector {
  const base = (options.base ?? '/inspect').replace(/\/+$/, '');
  const assets: PageAssets = inspectorAssets();
  const index = new InstanceIndex();
  const hub = new LiveHub();
  let served: Served | undefined;
  let built: Promise<void> | undefined;
  let poller: Poller | undefined;
  let closed = false;

  const found = (record: StoredRecord) => {
    if (index.apply(record)) hub.publish(record);
  };
  return {
    fetch: inspectorRoutes(() => served).fetch,
    observe: found,
    attach(source) {
      if (served) throw new Error('The inspector is already attached to a source');
      const diagrams = new Diagrams(source.machines);
      const frame = (): Frame => ({ base, assets, machines: [...new Set([...source.machines.keys(), ...index.machines()])] });
      const shared = { store: source.store, seqOf: (id: string) => index.seqOf(id), found };
      const refresh = async (ids: readonly string[]) => {
        for (const id of ids) await readNew(shared, id);
      };
      served = { source, index, diagrams, hub, frame, ...(options.pollMs ? { refresh } : {}) };
      built = index.build(source.store).then(() => {
        if (closed || !options.pollMs) return;
        poller = startPolling({
          ...shared,
          intervalMs: options.pollMs,
          after: () => index.lastListed(),
          watched: () => hub.watched(),
          unsettled: (count) => index.unsettled(count, settledIn(source.machines)),
          ...(options.onPollError ? { failed: options.onPollError } : {}),
        });
      });
    },
    ready: () => built ?? Promise.reject(new Error('The inspector has no source yet: call attach() first')),
    close() {
      closed = true;
      poller?.stop();
      hub.closeAll();
    },
  };
}
