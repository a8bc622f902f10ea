// Records what a handler saw, and plays the handler's part: fail some first deliveries (rejecting
// the batch), take a little time on some, notice when one ordering key is handled twice at once.
import { orderingKey, type BatchHandler, type Envelope } from '@eventflow/core';

export interface Call {
  readonly envelope: Envelope;
  readonly attempt: number;
  /** Which handler (subscription) got it. */
  readonly subscriber: string;
  readonly acked: boolean;
}

export interface HandlerPlan {
  /** Envelope ids whose first delivery is rejected. */
  readonly failFirst?: ReadonlySet<string>;
  /** Envelope ids rejected this many times before they are acknowledged. */
  readonly failTimes?: ReadonlyMap<string, number>;
  /** Envelope ids whose handling waits a macrotask, so overlapping deliveries would show. */
  readonly slow?: ReadonlySet<string>;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits for `promise`, failing with `what` after `ms` rather than hanging until the test times out. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} (waited ${ms} ms)`)), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

export class DeliveryLog {
  readonly calls: Call[] = [];
  /** The size of every batch handed over. */
  readonly batches: number[] = [];
  /** The first successful delivery of each envelope id, in the order they happened. */
  readonly firstAcks: Envelope[] = [];
  /** Ordering keys that were being handled twice at the same time. */
  readonly overlaps: string[] = [];
  readonly #plan: HandlerPlan;
  readonly #acked = new Set<string>();
  readonly #attempts = new Map<string, number>();
  readonly #started = new Map<string, number>();
  readonly #running = new Map<string, number>();
  #lastActivity = Date.now();
  #wake: (() => void) | undefined;

  constructor(plan: HandlerPlan = {}) {
    this.#plan = plan;
  }

  /** Handles a batch's envelopes in order; the first that fails rejects the batch (the rest are not looked at). */
  handler(subscriber = 'main'): BatchHandler {
    return async (batch) => {
      this.batches.push(batch.length);
      for (const envelope of batch) await this.handle(envelope, subscriber);
    };
  }

  private async handle(envelope: Envelope, subscriber: string): Promise<void> {
    const key = orderingKey(envelope);
    const running = (this.#running.get(key) ?? 0) + 1;
    this.#running.set(key, running);
    if (running > 1) this.overlaps.push(key);
    this.#started.set(subscriber, (this.#started.get(subscriber) ?? 0) + 1);
    const attempt = (this.#attempts.get(envelope.id) ?? 0) + 1;
    this.#attempts.set(envelope.id, attempt);
    this.#touch();
    let acked = false;
    try {
      if (this.#plan.slow?.has(envelope.id)) await sleep(1);
      const failures = this.#plan.failTimes?.get(envelope.id) ?? (this.#plan.failFirst?.has(envelope.id) ? 1 : 0);
      if (attempt <= failures) throw new Error(`conformance: simulated failure of delivery ${attempt} of ${envelope.id}`);
      acked = true;
      if (!this.#acked.has(envelope.id)) {
        this.#acked.add(envelope.id);
        this.firstAcks.push(envelope);
      }
    } finally {
      this.calls.push({ envelope, attempt, subscriber, acked });
      this.#running.set(key, this.#running.get(key)! - 1);
      this.#touch();
    }
  }

  acked(id: string): boolean {
    return this.#acked.has(id);
  }

  get ackedCount(): number {
    return this.#acked.size;
  }

  /** Handler calls a subscriber started (recorded on entry, so a late call shows at once). */
  started(subscriber: string): number {
    return this.#started.get(subscriber) ?? 0;
  }

  /** Waits until `done()` holds, or until no delivery happened for `settleMs` (the rest is not coming). */
  async until(done: () => boolean, settleMs: number): Promise<void> {
    this.#touch();
    const deadline = Date.now() + Math.max(20 * settleMs, 10_000);
    while (!done() && Date.now() < deadline) {
      const quietFor = Date.now() - this.#lastActivity;
      if (quietFor >= settleMs && [...this.#running.values()].every((n) => n === 0)) {
        // A busy process can hold timers back past `settleMs`: quiet counts only if it lasts a
        // little longer once the timers that fell due meanwhile have run.
        const before = this.#lastActivity;
        await sleep(Math.min(50, settleMs));
        if (this.#lastActivity === before && [...this.#running.values()].every((n) => n === 0)) return;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, settleMs - quietFor));
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }

  #touch(): void {
    this.#lastActivity = Date.now();
    this.#wake?.();
  }
}
