// What the step may use besides the instance and the event (bindings, ids, time, the system's
// machine names), and what it may ask the shell mid-way. All injected: a seeded run decides the same again.
import type { BindingRegistry } from '../bindings.ts';
import type { Timestamps } from '../clock.ts';
import type { Envelope } from '../envelope.ts';
import type { IdGenerator } from '../ids.ts';
import type { Data } from '../values.ts';

/** What the pure step may use: bindings, ids, time and the machine names, all injected. */
export interface StepEnvironment {
  readonly bindings: BindingRegistry;
  readonly ids: IdGenerator;
  readonly time: Timestamps;
  /** Machines of the loaded system; emits to anything else go to actors outside it. */
  readonly machines: ReadonlySet<string>;
  /** `runtime`: an unbound action fails the handler; `test`: it is a no-op with a warning. */
  readonly mode: 'runtime' | 'test';
  /** Test doubles (`assume:`): forced guard results and action outcomes. */
  readonly overrides?: Overrides;
}

/** What an action does instead of its binding in a test (`assume:`). */
export type ActionOverride =
  | { readonly kind: 'success' }
  | { readonly kind: 'returns'; readonly value: Data }
  | { readonly kind: 'throws'; readonly value: unknown }
  | { readonly kind: 'triggers'; readonly event: string };

/** Test doubles from `assume:`. Each returns undefined when it does not apply. */
export interface Overrides {
  guard?(text: string, machine: string, event: string): boolean | undefined;
  action?(text: string, machine: string, event: string, args: readonly unknown[]): ActionOverride | undefined;
}

/** `$x becomes emit ...`: the shell handles `envelope` at its target now; the answer is the result the variable takes. */
export interface RequestQuestion {
  readonly kind: 'request';
  readonly envelope: Envelope;
}

/** `emit ... to all @m in #s`: the shell answers with the ids of @m's instances in those states (all, when none are listed). */
export interface InstancesQuestion {
  readonly kind: 'instances';
  readonly machine: string;
  readonly states: readonly string[];
}

/** What the step asks the shell mid-way; the step is resumed with the answer. */
export type Question = RequestQuestion | InstancesQuestion;

/** What a run waits for: a question for the shell, or a binding's promise (the shell awaits it). */
export type Pending = Question | PromiseLike<unknown>;

/** A part of the step that may wait: a generator yielding what it waits for, resumed with the result. */
export type Steps<T> = Generator<Pending, T, unknown>;
