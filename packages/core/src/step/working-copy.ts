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
  /** The outbox so far, in order. */
  emitted: Envelope[] = [];
  broadcasts: BroadcastRequest[] = [];
  reply: Reply | undefined;
  violation: Violation | undefined;
  /** What the run did, for `observe` and the test runner; kept through a rollback. */
  readonly calls: ActionCall[] = [];
  readonly guards: GuardResult[] = [];
  readonly warnings: string[] = [];

  constructor(snapshot: Snapshot) {
    this.state = snapshot.state;
    this.context = snapshot.context as Data;
  }

  moveTo(state: string): void {
    this.state = state;
    this.entered = withLast(this.entered, state);
  }

  /** Discards every change to the instance (but not the log of calls and guards). */
  discard(snapshot: Snapshot, violation: Violation): void {
    this.violation = violation;
    this.state = snapshot.state;
    this.context = snapshot.context as Data;
    this.entered = NO_ITEMS;
    this.emitted = [];
    this.broadcasts = [];
    this.reply = undefined;
  }
}
