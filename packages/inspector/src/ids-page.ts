// The one place that pages instance ids, in creation order. Today's store port lists every id (of a
// machine, or of all) and this slices the list; the paged port of the core redesign
// (`listAggregates({ machine, after, limit })`) answers one page itself, and only this function changes.
import type { ReadOnlyStore } from './source.ts';

export interface IdQuery {
  /** `@order`; absent: every machine. */
  readonly machine?: string;
  /** The page starts after this id. */
  readonly after?: string;
  readonly limit: number;
}

export interface IdPage {
  readonly ids: readonly string[];
  /** More ids follow the last one. */
  readonly more: boolean;
}

export async function pageOfIds(store: ReadOnlyStore, query: IdQuery): Promise<IdPage> {
  const all = await store.listAggregates(query.machine);
  const start = query.after === undefined ? 0 : all.indexOf(query.after) + 1;
  if (query.after !== undefined && start === 0) return { ids: [], more: false };
  return { ids: all.slice(start, start + query.limit), more: all.length > start + query.limit };
}
