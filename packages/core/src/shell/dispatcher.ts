// After a commit: hands the new records' outbox to the transport in one publish (outside actors get
// theirs through onExternal, scheduled ones wait for their time), marks the records whose envelopes
// are dispatched, and tracks what is in flight for settle().
import type { Clock } from '../clock.ts';
import type { Envelope } from '../envelope.ts';
import type { EventStore, RecordRef, Transport } from '../ports.ts';
import type { StoredRecord } from '../record.ts';
import { InFlight, type Outbox } from './in-flight.ts';

export interface DispatcherOptions {
  readonly store: EventStore;
  readonly transport: Transport;
  readonly clock: Clock;
  /** The machines of this system; envelopes to anything else go to `onExternal`. */
  readonly machines: ReadonlySet<string>;
  readonly onExternal: (envelope: Envelope) => void;
  /** `envelope`: the one whose handling emitted what failed, when known. */
  readonly onError: (error: unknown, envelope?: Envelope) => void;
  /** The most in-flight envelopes tracked; beyond it the oldest are forgotten (their records stay in the outbox). */
  readonly inFlightLimit: number;
}

/** An envelope on its way to the transport, and the outbox it belongs to (none for a notice). */
interface Outgoing {
  readonly envelope: Envelope;
  readonly outbox: Outbox | null;
}

/** What one batch leaves for the dispatcher. */
export interface Completed {
  /** Records just committed (or left in the outbox): their outbox goes out now. */
  readonly records: readonly StoredRecord[];
  /** Envelopes of no record (`:validation_failed` notices). */
  readonly notices?: readonly Envelope[];
  /** Delivered envelopes this runtime is done with (handled, or given up on). */
  readonly handled?: readonly Envelope[];
  /** Ids of envelopes of `records` the store shows handled already: they are not sent again. */
  readonly stored?: ReadonlySet<string>;
}

/** While settle() waits, what others handled is looked up in the store after this long, then less and less often ... */
const FIRST_LOOK_UP_MS = 20;
/** ... down to once per this. */
const LONGEST_LOOK_UP_MS = 500;
/** The most in-flight envelopes one look-up asks the store about. */
const LOOK_UP_LIMIT = 256;

export class Dispatcher {
  private readonly options: DispatcherOptions;
  /**
   * An envelope counts as dispatched once the transport accepted it when the transport keeps it
   * durably; through an in-process transport, only once its target handled it: until then a crash
   * leaves the record in the outbox, and the next start sends it again.
   */
  private readonly dispatchedOnPublish: boolean;
  private readonly inFlight: InFlight;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private running = 0;
  private waiters: (() => void)[] = [];
  private closed = false;

  constructor(options: DispatcherOptions) {
    this.options = options;
    this.dispatchedOnPublish = options.transport.durable;
    this.inFlight = new InFlight(options.inFlightLimit);
  }

  /** Publishes the outbox of `completed.records` and the notices in one call, then marks what is dispatched in one call. Never rejects: failures are reported and the outbox keeps the records. */
  async complete(completed: Completed, cause?: Envelope): Promise<void> {
    this.running++;
    try {
      const dispatched = this.inFlight.handled((completed.handled ?? []).map((envelope) => envelope.id));
      const now = this.sort(completed, dispatched);
      await this.send(now, dispatched, cause);
      await this.mark(dispatched);
    } catch (error) {
      this.options.onError(error, cause);
    } finally {
      this.running--;
      this.notify();
    }
  }

  /**
   * Sends again what the outbox still holds (after a crash, or what a peer may have handled): an
   * envelope whose event id is stored was handled and is not sent; the rest go out as new.
   */
  async resend(records: readonly StoredRecord[]): Promise<void> {
    const ids = records.flatMap((record) => record.outcome.emitted.filter((envelope) => this.options.machines.has(envelope.to.machine)).map((envelope) => envelope.id));
    await this.complete({ records, stored: new Set((await this.storedAmong(ids)).keys()) });
  }

  /** Resolves when nothing is being dispatched and nothing published is unhandled, here or (as the store shows) by another runtime. */
  async idle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lookUpMs = FIRST_LOOK_UP_MS;
    while (this.running > 0 || this.inFlight.size > 0) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(`settle() timed out after ${timeoutMs} ms; still in flight: ${this.inFlight.oldest(5).join(', ')}`);
      }
      // Woken by progress here (notify), else after a while to look for what others handled.
      const woken = await this.wake(Math.min(remaining, lookUpMs));
      if (!woken && this.running === 0 && this.inFlight.size > 0) {
        // Progress elsewhere: the next hop is looked for soon again.
        lookUpMs = (await this.lookUpHandled()) ? FIRST_LOOK_UP_MS : Math.min(lookUpMs * 2, LONGEST_LOOK_UP_MS);
      }
    }
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** True when woken by notify(), false when `ms` passed first. */
  private wake(ms: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const woken = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== woken);
        resolve(false);
      }, ms);
      this.waiters.push(woken);
    });
  }

  /**
   * Envelopes in flight for a while may have been handled by another runtime of the group: the store
   * knows. What their handling emitted is the rest of what this runtime started: it is in flight now.
   * True when something was found handled.
   */
  private async lookUpHandled(): Promise<boolean> {
    const stored = await this.storedAmong(this.inFlight.lingering(LOOK_UP_LIMIT));
    const dispatched = this.inFlight.handled(stored.keys());
    for (const record of stored.values()) {
      for (const envelope of record.outcome.emitted) if (this.options.machines.has(envelope.to.machine) && this.due(envelope)) this.inFlight.follow(envelope.id);
    }
    await this.mark(dispatched);
    return stored.size > 0;
  }

  /** The records the store holds for `ids`, by event id. */
  private async storedAmong(ids: readonly string[]): Promise<Map<string, StoredRecord>> {
    const found = await Promise.all(ids.map((id) => this.options.store.findByEventId(id)));
    const stored = new Map<string, StoredRecord>();
    ids.forEach((id, i) => found[i] && stored.set(id, found[i]));
    return stored;
  }

  /** Not scheduled for later: settle() does not wait for what is due later. */
  private due(envelope: Envelope): boolean {
    return envelope.not_before === undefined || Date.parse(envelope.not_before) <= this.options.clock.now();
  }

  /** What goes to the transport now; records with nothing for it count as dispatched at once. */
  private sort(completed: Completed, dispatched: RecordRef[]): Outgoing[] {
    const now: Outgoing[] = [];
    const stored = completed.stored;
    for (const envelope of completed.notices ?? []) this.route(envelope, null, now);
    for (const record of completed.records) {
      // A record that emitted nothing never entered the outbox.
      if (record.outcome.emitted.length === 0) continue;
      const outbox: Outbox = { record: { aggregateId: record.aggregate_id, seq: record.seq }, left: 0 };
      for (const envelope of record.outcome.emitted) if (!stored?.has(envelope.id)) this.route(envelope, outbox, now);
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
    for (const { envelope, outbox } of outgoing) this.inFlight.add(envelope.id, this.dispatchedOnPublish ? null : outbox);
    try {
      await this.options.transport.publish(envelopes);
    } catch (error) {
      this.inFlight.forget(envelopes.map((envelope) => envelope.id));
      this.options.onError(error, cause);
      return;
    }
    if (this.dispatchedOnPublish) this.accepted(outgoing, dispatched);
  }

  /** The transport took them: records whose envelopes are all out count as dispatched. */
  private accepted(outgoing: readonly Outgoing[], dispatched: RecordRef[]): void {
    for (const { outbox } of outgoing) if (outbox && --outbox.left === 0) dispatched.push(outbox.record);
  }

  /** A scheduled envelope: published (and maybe its record marked) when its time has come. */
  private later(item: Outgoing, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.closed) return;
      const dispatched: RecordRef[] = [];
      void this.send([item], dispatched, undefined)
        .then(() => this.mark(dispatched))
        .catch((error: unknown) => this.options.onError(error))
        .finally(() => this.notify());
    }, delayMs);
    this.timers.add(timer);
  }

  /** Marks records dispatched in one call; none, no call. */
  private async mark(records: readonly RecordRef[]): Promise<void> {
    if (records.length > 0) await this.options.store.markDispatched(records);
  }

  /** Wakes settle() waiters once nothing is running or in flight (not on every step). */
  private notify(): void {
    if (this.waiters.length === 0 || this.running > 0 || this.inFlight.size > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
