// The one place that pages a machine's instances. Today it pages the whole id list the store gives
// (`listIds`) or, without one, `runtime.instances()`; when the store port gains a paged
// `listAggregates({ machine, after, limit })`, only this function changes.
import type { InstanceView, Runtime } from '@eventflow/core';

/** Every aggregate id of one machine, in creation order (the store's `listAggregates(machine)` today). */
export type ListIds = (machine: string) => Promise<readonly string[]>;

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
  const ids = await listIds(machine);
  const start = after === undefined ? 0 : ids.indexOf(after) + 1;
  const pageIds = start === 0 && after !== undefined ? [] : ids.slice(start, start + limit);
  const items: InstanceView[] = [];
  for (const id of pageIds) items.push(await runtime.state(id));
  return withNext(items, ids.length > start + limit);
}

function withNext(items: readonly InstanceView[], more: boolean): Page {
  const last = items.at(-1);
  return more && last ? { items, next: last.aggregate_id } : { items };
}
