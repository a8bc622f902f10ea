// The working copy one handler run changes: the instance's state and context, and what the run has
// decided so far. Deciding fails by throwing, which simply drops the copy.
import type { Envelope } from '../envelope.ts';
import type { Reply } from '../record.ts';
import type { Snapshot } from '../snapshot.ts';
import { NO_ITEMS, withLast, type Data } from '../values.ts';

/** A binding the handler called. */
export interface ActionCall {
  readonly text: string;
  readonly args: readonly unknown[];
  /** How it ran: a real binding, an `assume:` double, or unbound (a no-op in tests). */
  readonly via: 'binding' | 'assume' | 'unbound';
}

/** A guard line the handler tested, and what it came to. */
export interface GuardResult {
  readonly text: string;
  readonly value: boolean;
}

/** `emit :e to all @m in #s`: resolved into one envelope per matching instance before the record is final. */
export interface BroadcastRequest {
  readonly event: string;
  readonly machine: string;
  readonly states: readonly string[];
  readonly data: Data;
}

/** A context constraint the handler broke: every change was rolled back. */
export interface Violation {
  readonly variable: string;
  readonly rules_failed: readonly string[];
  readonly value: unknown;
}

export class WorkingCopy {
  state: string;
  context: Data;
  /** States entered, in order: a new list of exactly that length per move (records keep it). */
  entered: readonly string[] = NO_ITEMS;
  /** The outbox so far, in order: a new list of exactly that length per emit (records keep it). */
  emitted: readonly Envelope[] = NO_ITEMS;
  reply: Reply | undefined;
  violation: Violation | undefined;
  // Most runs broadcast nothing, call no binding and test no guard: these lists are made on first use.
  private broadcastList: BroadcastRequest[] | undefined;
  /** What the run did, for `observe` and the test runner; kept through a rollback. */
  private callList: ActionCall[] | undefined;
  private guardList: GuardResult[] | undefined;
  private warningList: string[] | undefined;

  constructor(snapshot: Snapshot) {
    this.state = snapshot.state;
    this.context = snapshot.context as Data;
  }

  get broadcasts(): readonly BroadcastRequest[] {
    return this.broadcastList ?? NO_ITEMS;
  }

  get calls(): readonly ActionCall[] {
    return this.callList ?? NO_ITEMS;
  }

  get guards(): readonly GuardResult[] {
    return this.guardList ?? NO_ITEMS;
  }

  get warnings(): readonly string[] {
    return this.warningList ?? NO_ITEMS;
  }

  broadcast(request: BroadcastRequest): void {
    (this.broadcastList ??= []).push(request);
  }

  noteCall(call: ActionCall): void {
    (this.callList ??= []).push(call);
  }

  noteGuard(guard: GuardResult): void {
    (this.guardList ??= []).push(guard);
  }

  warn(warning: string): void {
    (this.warningList ??= []).push(warning);
  }

  emit(envelope: Envelope): void {
    this.emitted = withLast(this.emitted, envelope);
  }

  /** `alone`: `[state]`, shared, for a run that enters no other state (most do). */
  moveTo(state: string, alone: readonly string[] | undefined): void {
    this.state = state;
    this.entered = this.entered.length === 0 && alone !== undefined ? alone : withLast(this.entered, state);
  }

  /** Discards every change to the instance (but not the log of calls and guards). */
  discard(snapshot: Snapshot, violation: Violation): void {
    this.violation = violation;
    this.state = snapshot.state;
    this.context = snapshot.context as Data;
    this.entered = NO_ITEMS;
    this.emitted = NO_ITEMS;
    this.broadcastList = undefined;
    this.reply = undefined;
  }
}
