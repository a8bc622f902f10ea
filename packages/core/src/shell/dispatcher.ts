// After a commit: hands the new records' outbox to the transport in one publish (outside actors get
// theirs through onExternal, scheduled ones wait for their time), marks the records whose envelopes
// are dispatched, and tracks what is in flight for settle().
import type { Clock } from '../clock.ts';
import type { Envelope } from '../envelope.ts';
import type { EventStore, RecordRef, Transport } from '../ports.ts';
import type { StoredRecord } from '../record.ts';

export interface DispatcherOptions {
  readonly store: EventStore;
  readonly transport: Transport;
  readonly clock: Clock;
  /** The machines of this system; envelopes to anything else go to `onExternal`. */
  readonly machines: ReadonlySet<string>;
  readonly onExternal: (envelope: Envelope) => void;
  /** `envelope`: the one whose handling emitted what failed, when known. */
  readonly onError: (error: unknown, envelope?: Envelope) => void;
  /** This runtime handles deliveries: what it publishes is in flight until it has handled it. */
  readonly consumes: boolean;
  /** The most in-flight envelopes tracked; beyond it the oldest are forgotten (their records stay in the outbox). */
  readonly inFlightLimit: number;
}

/** What is left before one record counts as dispatched. */
interface Outbox {
  readonly record: RecordRef;
  /** Its envelopes to machines of the system not yet dispatched. */
  left: number;
}

/** An envelope on its way to the transport, and the outbox it belongs to (none for a notice). */
interface Outgoing {
  readonly envelope: Envelope;
  readonly outbox: Outbox | null;
}

/** What one batch leaves for the dispatcher. */
export interface Completed {
  /** Records just committed: their outbox goes out now. */
  readonly records: readonly StoredRecord[];
  /** Envelopes of no record (`:validation_failed` notices). */
  readonly notices?: readonly Envelope[];
  /** Delivered envelopes this runtime is done with (handled, or given up on). */
  readonly handled?: readonly Envelope[];
}

export class Dispatcher {
  private readonly options: DispatcherOptions;
  /**
   * An envelope counts as dispatched once the transport accepted it when the transport keeps it
   * durably, or when nobody here will handle it; through an in-process transport, only once handled.
   */
  private readonly dispatchedOnPublish: boolean;
  /** Envelope id -> the outbox waiting for it to be handled (none when only settle() waits for it); the oldest are forgotten beyond `inFlightLimit`. */
  private readonly inFlight = new Map<string, Outbox | null>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private running = 0;
  private waiters: (() => void)[] = [];
  private closed = false;

  constructor(options: DispatcherOptions) {
    this.options = options;
    this.dispatchedOnPublish = options.transport.durable || !options.consumes;
  }

  /** Publishes the outbox of `completed.records` and the notices in one call, then marks what is dispatched in one call. Never rejects: failures are reported and the outbox keeps the records. */
  async complete(completed: Completed, cause?: Envelope): Promise<void> {
    this.running++;
    try {
      const dispatched = this.settleHandled(completed.handled ?? []);
      const now = this.sort(completed, dispatched);
      await this.send(now, dispatched, cause);
      if (dispatched.length > 0) await this.options.store.markDispatched(dispatched);
    } catch (error) {
      this.options.onError(error, cause);
    } finally {
      this.running--;
      this.notify();
    }
  }

  /** Resolves when nothing is being dispatched and nothing published is unhandled. */
  async idle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.running > 0 || this.inFlight.size > 0) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(`settle() timed out after ${timeoutMs} ms; still in flight: ${[...this.inFlight.keys()].slice(0, 5).join(', ')}`);
      }
      // Woken by progress (notify) or, at the latest, when the deadline passes.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** What goes to the transport now; records with nothing for it count as dispatched at once. */
  private sort(completed: Completed, dispatched: RecordRef[]): Outgoing[] {
    const now: Outgoing[] = [];
    for (const envelope of completed.notices ?? []) this.route(envelope, null, now);
    for (const record of completed.records) {
      // A record that emitted nothing never entered the outbox.
      if (record.outcome.emitted.length === 0) continue;
      const outbox: Outbox = { record: { aggregateId: record.aggregate_id, seq: record.seq }, left: 0 };
      for (const envelope of record.outcome.emitted) this.route(envelope, outbox, now);
      if (outbox.left === 0) dispatched.push(outbox.record);
    }
    return now;
  }

  /** Sorts one envelope: to an outside actor now, to a machine of the system now or at its time. */
  private route(envelope: Envelope, outbox: Outbox | null, now: Outgoing[]): void {
    if (!this.options.machines.has(envelope.to.machine)) {
      this.options.onExternal(envelope);
      return;
    }
    if (outbox) outbox.left++;
    const delay = envelope.not_before === undefined ? 0 : Date.parse(envelope.not_before) - this.options.clock.now();
    if (delay > 0) this.later({ envelope, outbox }, delay);
    else now.push({ envelope, outbox });
  }

  /** Publishes in one call; what the transport accepted may make records dispatched (added to `dispatched`). */
  private async send(outgoing: readonly Outgoing[], dispatched: RecordRef[], cause: Envelope | undefined): Promise<void> {
    if (outgoing.length === 0) return;
    const envelopes = outgoing.map((item) => item.envelope);
    if (this.options.consumes) for (const item of outgoing) this.track(item);
    try {
      await this.options.transport.publish(envelopes);
    } catch (error) {
      this.forget(envelopes);
      this.options.onError(error, cause);
      return;
    }
    if (this.dispatchedOnPublish) this.accepted(outgoing, dispatched);
  }

  /** In flight until handled; beyond the limit the oldest tracked envelope is forgotten (its record stays in the outbox). */
  private track({ envelope, outbox }: Outgoing): void {
    this.inFlight.set(envelope.id, this.dispatchedOnPublish ? null : outbox);
    if (this.inFlight.size > this.options.inFlightLimit) this.inFlight.delete(this.inFlight.keys().next().value as string);
  }

  /** The transport took them: records whose envelopes are all out count as dispatched. */
  private accepted(outgoing: readonly Outgoing[], dispatched: RecordRef[]): void {
    for (const { outbox } of outgoing) if (outbox && --outbox.left === 0) dispatched.push(outbox.record);
  }

  /** A publish failed: its envelopes are not in flight after all. */
  private forget(envelopes: readonly Envelope[]): void {
    for (const envelope of envelopes) this.inFlight.delete(envelope.id);
  }

  /** Delivered envelopes are done: they leave the in-flight set, and through an in-process transport their records may now count as dispatched. */
  private settleHandled(handled: readonly Envelope[]): RecordRef[] {
    const dispatched: RecordRef[] = [];
    for (const envelope of handled) {
      const outbox = this.inFlight.get(envelope.id);
      this.inFlight.delete(envelope.id);
      if (outbox && --outbox.left === 0) dispatched.push(outbox.record);
    }
    return dispatched;
  }

  /** A scheduled envelope: published (and maybe its record marked) when its time has come. */
  private later(item: Outgoing, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.closed) return;
      const dispatched: RecordRef[] = [];
      void this.send([item], dispatched, undefined)
        .then(() => (dispatched.length > 0 ? this.options.store.markDispatched(dispatched) : undefined))
        .catch((error: unknown) => this.options.onError(error))
        .finally(() => this.notify());
    }, delayMs);
    this.timers.add(timer);
  }

  /** Wakes settle() waiters once nothing is running or in flight (not on every step). */
  private notify(): void {
    if (this.waiters.length === 0 || this.running > 0 || this.inFlight.size > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
