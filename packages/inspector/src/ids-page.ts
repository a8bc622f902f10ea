// The one place that pages instance ids, in creation order: one page of the store's
// `listAggregates({ machine, after, limit })`, asked for one id more to know whether more follow.
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
  const { machine, after, limit } = query;
  const ids = await store.listAggregates({ ...(machine === undefined ? {} : { machine }), ...(after === undefined ? {} : { after }), limit: limit + 1 });
  return { ids: ids.slice(0, limit), more: ids.length > limit };
}
