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
export function outboxOrder<T extends OrderedCommit>(commits: readonly T[]): T[] {
  const byAggregate = new Map<string, T[]>();
  for (const commit of commits) {
    const list = byAggregate.get(commit.aggregate_id);
    if (list) list.push(commit);
    else byAggregate.set(commit.aggregate_id, [commit]);
  }
  for (const list of byAggregate.values()) list.sort((a, b) => a.first_seq - b.first_seq);
  const taken = new Map<string, number>();
  return commits.map((commit) => {
    const index = taken.get(commit.aggregate_id) ?? 0;
    taken.set(commit.aggregate_id, index + 1);
    return byAggregate.get(commit.aggregate_id)![index]!;
  });
}
