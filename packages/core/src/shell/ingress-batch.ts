// Sends made in the same moment travel the pipeline together, as one batch, sharing its store calls
// and its publish; each caller still gets its own result. Sends to one instance keep their order.
import type { Envelope } from '../envelope.ts';
import type { Handled, HandleOptions } from './batch.ts';

/** The sends of one moment with the same options, and the promise of their results (one for all). */
interface Batch {
  readonly envelopes: Envelope[];
  readonly results: Promise<Handled[]>;
}

export class IngressBatch {
  private readonly handle: (envelopes: readonly Envelope[], options: HandleOptions) => Promise<Handled[]>;
  /** Batches still taking sends, by their options object. */
  private open = new Map<HandleOptions, Batch>();

  constructor(handle: (envelopes: readonly Envelope[], options: HandleOptions) => Promise<Handled[]>) {
    this.handle = handle;
  }

  /** Adds a send to the open batch: what became of it will be `(await results)[index]`. */
  add(envelope: Envelope, options: HandleOptions): { readonly results: Promise<Handled[]>; readonly index: number } {
    const batch = this.open.get(options) ?? this.start(options);
    return { results: batch.results, index: batch.envelopes.push(envelope) - 1 };
  }

  /** A new batch, sent down the pipeline once the sends of this moment have joined it. */
  private start(options: HandleOptions): Batch {
    const envelopes: Envelope[] = [];
    const results = Promise.resolve().then(() => {
      this.open.delete(options);
      return this.handle(envelopes, options);
    });
    const batch = { envelopes, results };
    this.open.set(options, batch);
    return batch;
  }
}
