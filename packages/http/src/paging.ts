// The one place that pages a machine's instances: through the store's paged listing (`listIds`) or,
// without one, `runtime.instances()`.
import type { InstanceView, Runtime } from '@eventflow/core';

/** Up to `limit` aggregate ids of one machine after `after`, in creation order (the store's `listAggregates`). */
export type ListIds = (machine: string, after: string | undefined, limit: number) => Promise<readonly string[]>;

/** One page of instances of a machine, and where the next page starts. */
export interface Page {
  readonly items: readonly InstanceView[];
  /** The id to pass as `after` for the next page; absent on the last page. */
  readonly next?: string;
}

export async function pageOfInstances(runtime: Runtime, listIds: ListIds | undefined, machine: string, after: string | undefined, limit: number): Promise<Page> {
  if (!listIds) {
    const all = await runtime.instances(machine);
    const start = after === undefined ? 0 : all.findIndex((v) => v.aggregate_id === after) + 1;
    const items = start === 0 && after !== undefined ? [] : all.slice(start, start + limit);
    return withNext(items, all.length > start + limit);
  }
  // One id more than the page holds says whether another page follows.
  const ids = await listIds(machine, after, limit + 1);
  const items: InstanceView[] = [];
  for (const id of ids.slice(0, limit)) items.push(await runtime.state(id));
  return withNext(items, ids.length > limit);
}

function withNext(items: readonly InstanceView[], more: boolean): Page {
  const last = items.at(-1);
  return more && last ? { items, next: last.aggregate_id } : { items };
}
