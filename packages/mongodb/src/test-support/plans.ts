// What a server's query planner says about a query the store sent (captured from the driver's
// command events): is it served by an index? MongoDB answers with a tree of stages (IXSCAN, IDHACK,
// EXPRESS_*, COLLSCAN); FerretDB 1.x with its backend's SQL plan (PostgreSQL "Index Scan" / "Seq
// Scan", SQLite "SEARCH ... USING INDEX" / "SCAN") and `filterPushdown`: whether the filter went to
// the SQL backend at all or was evaluated by FerretDB over every document.
import type { Db, Document } from 'mongodb';

export type ServerKind = 'mongodb' | 'ferretdb-postgresql' | 'ferretdb-sqlite';

export interface Plan {
  readonly server: ServerKind;
  /** Some index serves the query and no stage scans the whole collection. */
  readonly indexed: boolean;
  /** FerretDB only: the filter is evaluated by the SQL backend (MongoDB: always true). */
  readonly pushedDown: boolean;
  /** The plan's stage or node names, for failure messages. */
  readonly stages: readonly string[];
}

/** A query the store sent: the collection and the query part of a find, update or delete. */
export interface SentQuery {
  readonly command: string;
  readonly collection: string;
  readonly filter: Document;
  readonly sort?: Document;
  readonly limit?: number;
}

/** The queries among captured command events (an update's or delete's query part counts as a find). */
export function queriesOf(command: Document): SentQuery[] {
  if (typeof command.find === 'string') {
    return [{ command: 'find', collection: command.find, filter: command.filter ?? {}, sort: command.sort, limit: command.limit }];
  }
  if (typeof command.update === 'string') return (command.updates as Document[]).map((u) => ({ command: 'update', collection: command.update, filter: u.q }));
  if (typeof command.delete === 'string') return (command.deletes as Document[]).map((d) => ({ command: 'delete', collection: command.delete, filter: d.q }));
  return [];
}

/** Explains a query as a find (the way FerretDB runs an update's or delete's query part too). */
export async function explain(db: Db, query: SentQuery): Promise<Plan> {
  const find = { find: query.collection, filter: query.filter, ...(query.sort ? { sort: query.sort } : {}), ...(query.limit ? { limit: query.limit } : {}) };
  const result = await db.command({ explain: find, verbosity: 'queryPlanner' });
  const planner = result.queryPlanner as Document;
  if (result.serverInfo?.ferretdbVersion === undefined) {
    const stages = stageNames(planner.winningPlan);
    const indexed = stages.some((s) => /IXSCAN|IDHACK|EXPRESS/.test(s)) && !stages.includes('COLLSCAN');
    return { server: 'mongodb', indexed, pushedDown: true, stages };
  }
  const pushedDown = result.filterPushdown === true;
  if (Array.isArray(planner.Plan)) {
    const stages = (planner.Plan as string[]).map((line) => line.replace(/^.*detail=/, ''));
    return { server: 'ferretdb-sqlite', indexed: stages.some((s) => /USING (COVERING )?INDEX/.test(s)) && !stages.some((s) => /^SCAN /.test(s)), pushedDown, stages };
  }
  const stages = nodeTypes(planner.Plan);
  return { server: 'ferretdb-postgresql', indexed: stages.some((s) => /Index/.test(s)) && !stages.includes('Seq Scan'), pushedDown, stages };
}

function stageNames(plan: Document | undefined): string[] {
  if (!plan) return [];
  const own = typeof plan.stage === 'string' ? [plan.stage] : [];
  const children = [plan.queryPlan, plan.inputStage, ...(plan.inputStages ?? [])] as (Document | undefined)[];
  return [...own, ...children.flatMap(stageNames)];
}

function nodeTypes(plan: Document | undefined): string[] {
  if (!plan) return [];
  return [String(plan['Node Type']), ...((plan.Plans ?? []) as Document[]).flatMap(nodeTypes)];
}
