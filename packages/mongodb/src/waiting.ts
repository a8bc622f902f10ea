// What the outbox query answers with, from either outbox: a stored commit and its seqs awaiting dispatch.
import type { CommitDocument } from './codec.ts';

export interface Waiting {
  readonly commit: CommitDocument;
  readonly seqs: ReadonlySet<number>;
  /** The append call whose entries list the seqs; none for a commit of the legacy outbox. */
  readonly call?: string;
}
