// Re-sends what the outbox still holds: all of it at start, and on a timer what stayed undispatched
// across two sweeps (a failed publish, a crashed peer). Receivers deduplicate by event id.
import type { EventStore } from '../ports.ts';
import type { StoredRecord } from '../record.ts';

export class OutboxSweep {
  private readonly store: EventStore;
  private readonly resend: (records: readonly StoredRecord[]) => Promise<void>;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  /** Records seen undispatched at the last sweep: only those still waiting at the next one are re-sent. */
  private suspects = new Set<string>();

  constructor(store: EventStore, resend: (records: readonly StoredRecord[]) => Promise<void>) {
    this.store = store;
    this.resend = resend;
  }

  async all(): Promise<void> {
    const records = await this.store.undispatched();
    if (records.length > 0) await this.resend(records);
  }

  /** Sweeps `ms` after the previous sweep ended: on a slow store sweeps never overlap (each would re-send what the other is re-sending). */
  every(ms: number, onError: (error: unknown) => void): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.sweep()
        .catch(onError)
        .finally(() => this.every(ms, onError));
    }, ms);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async sweep(): Promise<void> {
    const waiting = await this.store.undispatched();
    const stale = waiting.filter((record) => this.suspects.has(keyOf(record)));
    this.suspects = new Set(waiting.map(keyOf));
    if (stale.length > 0) await this.resend(stale);
  }
}

function keyOf(record: StoredRecord): string {
  return `${record.aggregate_id}:${record.seq}`;
}
