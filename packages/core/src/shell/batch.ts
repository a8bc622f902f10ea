// What the pipeline's stages hand each other: the options of one batch, what became of each
// envelope, and the envelopes routed to their instances.
import type { Handler } from '@eventflow/language';
import type { MachineDefinition } from '../definition.ts';
import type { Envelope } from '../envelope.ts';
import type { StoredRecord } from '../record.ts';

export interface HandleOptions {
  /** The envelopes' ids were made just now: they cannot have been handled before, so nobody looks. */
  readonly newIds?: boolean;
  /**
   * They come through `send()`: a scheduled handler (`triggered:`) refuses one that names no instance,
   * and through the `public` ingress only handlers marked (api) take them.
   */
  readonly sent?: 'public' | 'trusted';
  /** They come from the transport: the dispatcher learns which are done (settle(), the outbox). */
  readonly delivered?: boolean;
  /** Instances whose steps wait for this answer (`$x becomes emit`): handling one of them now would deadlock. */
  readonly waiting?: readonly string[];
}

/** What became of one envelope. */
export type Handled =
  | { readonly kind: 'committed'; readonly record: StoredRecord }
  /** Its event id had been handled before: `record` is what that stored. */
  | { readonly kind: 'duplicate'; readonly record: StoredRecord }
  | { readonly kind: 'failed'; readonly error: unknown }
  /** Not tried: an earlier event of its instance failed in a way a redelivery may fix. */
  | { readonly kind: 'deferred' };

/** An envelope, the handler that takes it and the instance it goes to. */
export interface Routed {
  /** Its place in the batch (and in the results). */
  readonly index: number;
  readonly envelope: Envelope;
  readonly machine: MachineDefinition;
  readonly handler: Handler;
  readonly aggregateId: string;
  /** The id was made just now for a new instance: nothing is stored, nobody else can know it. */
  readonly created: boolean;
  /** Its event id was not looked up before deciding (see route.ts `notSeenBefore`): a redelivery shows at the append, or on a refusal. */
  readonly unchecked: boolean;
}

/** One instance's events in one batch, in batch order. */
export type Group = readonly Routed[];
