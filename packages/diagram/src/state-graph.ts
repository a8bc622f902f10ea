// A machine's state graph, derived as LANGUAGE.md §7.3 says: the creation handler leaves (start);
// a handler gated by `? x is in #s` runs in #s; any other handler runs in the waiting states that
// precede it in document order. Each way through the handler's guards is one edge.
import type { Handler, MachineDecl, Statement } from '@eventflow/language';
import { handlerPaths, type HandlerPath } from './guard-paths.ts';
import { START, type StateGraph, type StateNode, type StateTransition } from './model.ts';

/** Before its first transition an instance is in this implicit state (§3.7). */
const IDLE = '#idle';

/** A machine's states and transitions, from its handlers. */
export function stateGraph(machine: MachineDecl): StateGraph {
  const handlers = machine.scenarios.flatMap((scenario) => scenario.handlers);
  const paths = handlers.map(handlerPaths);
  const order = stateOrder(machine, handlers);
  const waiting = waitingStates(paths);
  const transitions: StateTransition[] = [];
  const seen = new Set<string>();
  handlers.forEach((handler, i) => {
    const preceding = order.before[i] ?? [];
    for (const path of paths[i] ?? []) {
      for (const from of sources(i, path, preceding, waiting)) {
        const to = path.target ?? (from === START ? IDLE : from);
        if (to === from && !path.effects) continue;
        const key = JSON.stringify([from, to, handler.event, path.guards]);
        if (seen.has(key)) continue;
        seen.add(key);
        transitions.push(edge(`t${transitions.length + 1}`, from, to, handler, path));
      }
    }
  });
  return { machine: machine.name, states: nodes(order.all, transitions), transitions };
}

/**
 * States some handler is known to wait in: the creation handler's targets and every gated
 * handler's `is in` states. Other handlers are assumed to run only in these (a state nothing
 * leaves is final, §3.7), which keeps ungated reply handlers off the terminal states.
 */
function waitingStates(paths: readonly HandlerPath[][]): Set<string> {
  const waiting = new Set<string>();
  paths[0]?.forEach((path) => waiting.add(path.target ?? IDLE));
  for (const handler of paths.slice(1)) for (const path of handler) path.only?.forEach((s) => waiting.add(s));
  return waiting;
}

function sources(index: number, path: HandlerPath, preceding: readonly string[], waiting: Set<string>): string[] {
  if (path.only) return path.only.filter((s) => !path.except.includes(s));
  if (index === 0) return [START];
  const live = preceding.filter((s) => waiting.has(s));
  // Nothing known to wait before this handler: the most recent state is the best guess.
  return (live.length > 0 ? live : preceding.slice(-1)).filter((s) => !path.except.includes(s));
}

function edge(id: string, from: string, to: string, handler: Handler, path: HandlerPath): StateTransition {
  return {
    id,
    from,
    to,
    event: handler.event,
    ...(handler.from ? { sender: handler.from } : {}),
    guards: path.guards,
    ...(path.branch ? { branch: path.branch } : {}),
    actions: path.actions,
    emits: path.emits.map((e) => `${e.event} → ${e.all ? 'all ' : ''}${e.machine}`),
    replies: path.replies,
    loc: handler.loc,
  };
}

interface StateOrder {
  /** Every state in order of first appearance (declarations, then transitions in document order). */
  readonly all: readonly string[];
  /** Per handler: the states that appear before it. */
  readonly before: readonly (readonly string[])[];
}

function stateOrder(machine: MachineDecl, handlers: readonly Handler[]): StateOrder {
  const all: string[] = [];
  const add = (state: string) => {
    if (!all.includes(state)) all.push(state);
  };
  machine.states.forEach((decl) => add(decl.state));
  const before: string[][] = [];
  for (const handler of handlers) {
    before.push([...all]);
    targets(handler.body).forEach(add);
  }
  return { all, before };
}

function targets(block: readonly Statement[]): string[] {
  return block.flatMap((s) => {
    if (s.kind === 'Transition') return [s.state];
    if (s.kind === 'GuardChain') return [...s.branches.flatMap((b) => targets(b.body ?? [])), ...targets(s.otherwise ?? [])];
    if (s.kind === 'ForEach') return targets(s.body);
    return [];
  });
}

function nodes(order: readonly string[], transitions: readonly StateTransition[]): StateNode[] {
  const used = new Set(transitions.flatMap((t) => [t.from, t.to]));
  const names = [START, ...order.filter((s) => used.has(s) || !transitions.length), ...[...used].filter((s) => s !== START && !order.includes(s))];
  const leaving = new Set(transitions.filter((t) => t.to !== t.from).map((t) => t.from));
  return names.map((name) => ({ name, final: name !== START && !leaving.has(name) }));
}
