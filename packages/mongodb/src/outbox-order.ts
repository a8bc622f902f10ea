import { groupBy } from './group.ts';

/** The part of a commit the outbox order needs. */
export interface OrderedCommit {
  readonly aggregate_id: string;
  readonly first_seq: number;
}

/**
 * Commits in creation order (`position`), except that each aggregate's commits always come in seq
 * order: commits written by different processes are ordered by their wall clocks, which may be
 * skewed, yet a dispatcher must hand an aggregate's envelopes over in the order they were stored.
 * Each aggregate keeps the slots its commits occupy; within them, they are sorted by first_seq.
 */
export function outboxOrder<T>(items: readonly T[], commitOf: (item: T) => OrderedCommit): T[] {
  const byAggregate = groupBy(items, (item) => commitOf(item).aggregate_id);
  for (const list of byAggregate.values()) list.sort((a, b) => commitOf(a).first_seq - commitOf(b).first_seq);
  const taken = new Map<string, number>();
  return items.map((item) => {
    const aggregate = commitOf(item).aggregate_id;
    const index = taken.get(aggregate) ?? 0;
    taken.set(aggregate, index + 1);
    return byAggregate.get(aggregate)![index]!;
  });
}
