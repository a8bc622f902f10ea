// Marks records dispatched in the store, off the path of the batch that dispatched them: the batch
// goes on once the transport has its envelopes, and the marks of batches that finish while one
// mark is being written go together in the next call (on a document store each call is a few
// updates, whatever its size). A crash before a mark is written only leaves its record in the
// outbox: the next start sends it again and receivers deduplicate by event id.
import type { EventStore, RecordRef } from '../ports.ts';

export class DispatchMarks {
  private readonly store: EventStore;
  private readonly onError: (error: unknown) => void;
  /** Called once every mark added so far is written (or failed and reported). */
  private readonly onDrained: () => void;
  private waiting: RecordRef[] = [];
  private writing: Promise<void> | undefined;

  constructor(store: EventStore, onError: (error: unknown) => void, onDrained: () => void) {
    this.store = store;
    this.onError = onError;
    this.onDrained = onDrained;
  }

  /** True while marks wait or are being written. */
  get busy(): boolean {
    return this.writing !== undefined;
  }

  add(records: readonly RecordRef[]): void {
    if (records.length === 0) return;
    this.waiting.push(...records);
    this.writing ??= this.write();
  }

  /** Resolves once every mark added so far is written (or failed and reported). */
  async drained(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async write(): Promise<void> {
    while (this.waiting.length > 0) {
      const records = this.waiting;
      this.waiting = [];
      try {
        await this.store.markDispatched(records);
      } catch (error) {
        this.onError(error);
      }
    }
    this.writing = undefined;
    this.onDrained();
  }
}
