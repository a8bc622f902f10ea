// The one write of an append: every commit of the call (and its claims) in one insert command.
import { MongoBulkWriteError, MongoServerError, type Collection } from 'mongodb';
import type { Stamped } from './commit.ts';
import type { RecordsDocument } from './codec.ts';

/** Acknowledged by a majority and journaled: an appended record survives a server restart. */
export const DURABLE = { writeConcern: { w: 'majority', j: true } } as const;

/**
 * Inserts the commits in one command and returns the indexes of those a unique index refused.
 * Without claims the insert is unordered: a refused commit does not stop the others. With claims it
 * is ordered, so that a commit is only written once all its claims are; the commits after a refusal
 * were then not tried, and go again in a next command.
 */
export async function insertCommits(records: Collection<RecordsDocument>, commits: readonly Stamped[]): Promise<Set<number>> {
  const refused = new Set<number>();
  let from = 0;
  while (from < commits.length) {
    const rest = commits.slice(from);
    const documents = rest.flatMap((commit) => commit.documents);
    const owner = rest.flatMap((commit, k) => commit.documents.map(() => from + k));
    const ordered = documents.length > rest.length;
    const failed = await insertDocuments(records, documents, ordered);
    for (const index of failed) refused.add(owner[index]!);
    if (!ordered || failed.length === 0) break;
    from = owner[failed[0]!]! + 1;
  }
  return refused;
}

/** The indexes of the documents refused with a duplicate key; any other failure is thrown. */
async function insertDocuments(records: Collection<RecordsDocument>, documents: readonly RecordsDocument[], ordered: boolean): Promise<number[]> {
  try {
    if (documents.length === 1) await records.insertOne(documents[0]!, DURABLE);
    else await records.insertMany(documents, { ordered, ...DURABLE });
    return [];
  } catch (error) {
    if (documents.length === 1 && isDuplicateKey(error)) return [0];
    if (onlyDuplicateKeys(error)) return [(error as MongoBulkWriteError).writeErrors].flat().map((e) => e.index).sort((a, b) => a - b);
    throw error;
  }
}

/** A bulk insert whose every refused document was refused with a duplicate key. */
export function onlyDuplicateKeys(error: unknown): boolean {
  if (!(error instanceof MongoBulkWriteError)) return false;
  const errors = [error.writeErrors].flat();
  return errors.length > 0 && errors.every((e) => e.code === 11000);
}

export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}
