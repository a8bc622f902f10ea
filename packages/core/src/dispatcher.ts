// After a commit, hands a record's outbox to the transport (or to external actors), then marks it
// dispatched. Delayed envelopes (`schedule`) wait for their time; the outbox keeps them durable.
import type { Clock } from './clock.ts';
import type { Envelope } from './envelope.ts';
import { drive, isThenable, type Maybe } from './maybe.ts';
import type { EventStore, Transport } from './ports.ts';
import type { StoredRecord } from './record.ts';
import { RecentSet } from './recent-set.ts';

export interface DispatcherOptions {
  readonly store: EventStore;
  readonly transport: Transport;
  readonly clock: Clock;
  readonly machines: ReadonlySet<string>;
  readonly onExternal: (envelope: Envelope) => void;
  /** `envelope`: the one whose handling emitted what failed, when known. */
  readonly onError: (error: unknown, envelope?: Envelope) => void;
  /** This runtime handles deliveries (it subscribed): published envelopes count as in flight until it has handled them. */
  readonly handles: boolean;
}

/**
 * In-flight envelopes tracked for settle(). Bounded: an envelope that another process of the same
 * consumer group handled is never reported here, and must not be held forever.
 */
const IN_FLIGHT_TRACKED = 100_000;

export class Dispatcher {
  /** Envelopes handed to the transport and not yet handled by this runtime (the most recent ones, see IN_FLIGHT_TRACKED). */
  private readonly inFlight = new RecentSet<string>(IN_FLIGHT_TRACKED);
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private pending = 0;
  private waiters: (() => void)[] = [];
  private closed = false;

  private readonly options: DispatcherOptions;

  constructor(options: DispatcherOptions) {
    this.options = options;
  }

  /**
   * Publishes a committed record's outbox, then marks it dispatched. Never rejects: a failure is
   * reported (`cause`: the envelope whose handling made the record) and the outbox keeps the
   * envelopes for the next start or sweep.
   */
  dispatch(record: StoredRecord, cause?: Envelope): Maybe<void> {
    const { emitted } = record.outcome;
    if (emitted.length === 0) return;
    this.pending++;
    let sent: Maybe<void>;
    try {
      // The common case: every envelope goes to a machine of this system now.
      sent = allInternalNow(emitted, this.options.machines) ? this.publishAll(record) : drive(this.publishSome(record));
    } catch (error) {
      this.failed(error, cause);
      return;
    }
    if (isThenable(sent)) return Promise.resolve(sent).then(() => this.finished(), (error: unknown) => this.failed(error, cause));
    this.finished();
  }

  private publishAll(record: StoredRecord): Maybe<void> {
    const published = this.publish(record.outcome.emitted);
    const { store } = this.options;
    if (isThenable(published)) return Promise.resolve(published).then(() => store.markDispatched(record.aggregate_id, record.seq));
    return store.markDispatched(record.aggregate_id, record.seq);
  }

  /** External actors get theirs now, delayed envelopes wait; marked dispatched once all are out. */
  private *publishSome(record: StoredRecord): Generator<unknown, void, unknown> {
    const now = this.options.clock.now();
    const immediate: Envelope[] = [];
    let delayed = 0;
    for (const envelope of record.outcome.emitted) {
      if (!this.options.machines.has(envelope.to.machine)) {
        this.options.onExternal(envelope);
      } else if (envelope.not_before && Date.parse(envelope.not_before) > now) {
        delayed++;
        this.later(record, envelope, Date.parse(envelope.not_before) - now);
      } else {
        immediate.push(envelope);
      }
    }
    yield this.publish(immediate);
    if (delayed === 0) yield this.options.store.markDispatched(record.aggregate_id, record.seq);
  }

  private failed(error: unknown, cause: Envelope | undefined): void {
    this.finished();
    this.options.onError(error, cause);
  }

  private finished(): void {
    this.pending--;
    this.notify();
  }

  /** Sends envelopes that belong to no stored record (e.g. `:validation_failed`). */
  async sendNow(envelopes: readonly Envelope[]): Promise<void> {
    const internal = envelopes.filter((e) => this.options.machines.has(e.to.machine));
    for (const envelope of envelopes) if (!this.options.machines.has(envelope.to.machine)) this.options.onExternal(envelope);
    await this.publish(internal);
  }

  /** Marks an envelope handled (or given up on) by this runtime. */
  done(envelopeId: string): void {
    if (this.inFlight.delete(envelopeId)) this.notify();
  }

  /** Resolves when nothing is being dispatched and nothing published is unhandled. */
  async idle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending > 0 || this.inFlight.size > 0) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(`settle() timed out after ${timeoutMs} ms; still in flight: ${this.inFlight.some(5).join(', ')}`);
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

  /** Hands envelopes to the transport; they count as in flight until handled or the publish fails. */
  private publish(envelopes: readonly Envelope[]): Maybe<void> {
    if (envelopes.length === 0) return;
    if (this.options.handles) for (let i = 0; i < envelopes.length; i++) this.inFlight.add((envelopes[i] as Envelope).id);
    try {
      const accepted = this.options.transport.publish(envelopes);
      return isThenable(accepted) ? Promise.resolve(accepted).catch((error: unknown) => this.forget(envelopes, error)) : accepted;
    } catch (error) {
      return this.forget(envelopes, error);
    }
  }

  /** A publish failed: its envelopes are not in flight after all. */
  private forget(envelopes: readonly Envelope[], error: unknown): never {
    for (const envelope of envelopes) this.inFlight.delete(envelope.id);
    throw error;
  }

  private later(record: StoredRecord, envelope: Envelope, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.closed) return;
      Promise.resolve()
        .then(() => this.publish([envelope]))
        .then(() => this.options.store.markDispatched(record.aggregate_id, record.seq))
        .catch(this.options.onError);
    }, delayMs);
    this.timers.add(timer);
  }

  /** Wakes settle() waiters once nothing is pending or in flight (not on every step). */
  private notify(): void {
    if (this.waiters.length === 0 || this.pending > 0 || this.inFlight.size > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

function allInternalNow(envelopes: readonly Envelope[], machines: ReadonlySet<string>): boolean {
  for (let i = 0; i < envelopes.length; i++) {
    const envelope = envelopes[i] as Envelope;
    if (envelope.not_before !== undefined || !machines.has(envelope.to.machine)) return false;
  }
  return true;
}
