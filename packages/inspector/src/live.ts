// Live pages: each open page holds a server-sent events stream scoped to what it shows (a machine, an
// instance, a conversation, or everything). A record in scope sends the page an `update` event, and
// the page fetches itself again (the diagram pages' script does that). Updates to one page are at
// most one per UPDATE_GAP_MS, so a busy system does not make a page reload without pause.
import type { StoredRecord } from '@eventflow/core';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';

export interface LiveScope {
  readonly machine?: string;
  readonly instances?: ReadonlySet<string>;
  readonly conversations?: ReadonlySet<string>;
}

const UPDATE_GAP_MS = 500;
const KEEP_ALIVE_MS = 15_000;

interface Listener {
  readonly scope: LiveScope;
  /** Marks the page stale and wakes its stream. */
  notify(): void;
  close(): void;
}

export class LiveHub {
  readonly #listeners = new Set<Listener>();

  /** Tells every page whose scope holds the record. */
  publish(record: StoredRecord): void {
    for (const listener of this.#listeners) if (inScope(listener.scope, record)) listener.notify();
  }

  /** Instances open pages are watching (a poller reads these again). */
  watched(): Set<string> {
    const ids = new Set<string>();
    for (const { scope } of this.#listeners) scope.instances?.forEach((id) => ids.add(id));
    return ids;
  }

  /** Ends every stream (a draining server can then close its connections). */
  closeAll(): void {
    for (const listener of [...this.#listeners]) listener.close();
  }

  stream(c: Context, scope: LiveScope): Response {
    return streamSSE(c, async (sse) => {
      let stale = false;
      let open = true;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let done: () => void = () => {};
      let byNews = false;
      /** Waits `ms`, or less: until the stream closes, or (when `byNews`) until a record in scope arrives. */
      const sleep = (ms: number, untilNews: boolean) =>
        new Promise<void>((resolve) => {
          byNews = untilNews;
          done = resolve;
          timer = setTimeout(resolve, ms);
        });
      const listener: Listener = {
        scope,
        notify: () => {
          stale = true;
          if (byNews) done();
        },
        close: () => {
          open = false;
          clearTimeout(timer);
          done();
        },
      };
      this.#listeners.add(listener);
      sse.onAbort(() => listener.close());
      try {
        await sse.writeSSE({ event: 'hello', data: 'live' });
        while (open) {
          if (!stale) await sleep(KEEP_ALIVE_MS, true);
          clearTimeout(timer);
          if (!open) break;
          if (!stale) {
            await sse.write(': keep-alive\n\n');
            continue;
          }
          stale = false;
          await sse.writeSSE({ event: 'update', data: String(Date.now()) });
          // Whatever arrives meanwhile is told in the next update.
          await sleep(UPDATE_GAP_MS, false);
        }
      } finally {
        this.#listeners.delete(listener);
      }
    });
  }
}

function inScope(scope: LiveScope, record: StoredRecord): boolean {
  if (scope.machine !== undefined && record.machine !== scope.machine) return false;
  if (scope.instances === undefined && scope.conversations === undefined) return true;
  if (scope.instances?.has(record.aggregate_id)) return true;
  return record.conversation_id !== undefined && scope.conversations?.has(record.conversation_id) === true;
}
