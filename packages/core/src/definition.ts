// Turns parsed .flow files into dispatch tables: one per machine, across all its scenarios.
import type { FlowFile, Handler, MachineDecl, NamedResponse, Statement } from '@eventflow/language';
import { DefinitionError } from './errors.ts';
import { NO_ITEMS } from './values.ts';

/** A machine ready to run: its declaration, handlers by event and the events that create instances. */
export interface MachineDefinition {
  /** `@order` */
  readonly name: string;
  readonly decl: MachineDecl;
  /** Handlers in document order, duplicates (same event, sender and body) kept once. */
  readonly handlers: readonly Handler[];
  /** The same handlers by event name, in document order. */
  readonly byEvent: ReadonlyMap<string, readonly Handler[]>;
  /** Events whose handlers create a new instance when no reference resolves. */
  readonly creators: ReadonlySet<string>;
  readonly responses: ReadonlyMap<string, NamedResponse>;
  /** Changes whenever the machine's behaviour changes (snapshots of another version are ignored). */
  readonly version: string;
  /** The payload field that names an instance: `order_id` for `@order`. */
  readonly idField: string;
  /** Some handler makes a synchronous request (`$x becomes emit ...`): it waits for other instances mid-step. */
  readonly requests: boolean;
  /** The context variables its lines change (`payment.status` -> ['payment', 'status']), split once. */
  readonly paths: ReadonlyMap<string, readonly string[]>;
  /** Each state a `moves to` line names, as a list of that one state: the states entered by a run that enters only it, shared by its records. */
  readonly enteredAlone: ReadonlyMap<string, readonly string[]>;
}

/** Every machine of a runtime, by name. */
export interface SystemDefinition {
  readonly machines: ReadonlyMap<string, MachineDefinition>;
}

/** Options of `defineSystem`. */
export interface DefinitionOptions {
  /** Host-side override: the events that create instances, per machine (default: the first handler). */
  readonly creators?: Readonly<Record<string, readonly string[]>>;
}

/** The machines of parsed files as one system; a machine defined twice is an error. */
export function defineSystem(files: readonly FlowFile[], options: DefinitionOptions = {}): SystemDefinition {
  const machines = new Map<string, MachineDefinition>();
  for (const file of files) {
    for (const decl of file.machines) {
      if (decl.implicit) {
        throw new DefinitionError(`${decl.loc.file}:${decl.loc.line}:${decl.loc.column}: Expected 'machine: @name' before these handlers, found none.`, {
          hint: "Start the file with a line naming the machine, e.g. 'machine: @order'.",
        });
      }
      if (machines.has(decl.name)) {
        throw new DefinitionError(`Machine ${decl.name} is defined twice (second time in ${file.file})`);
      }
      machines.set(decl.name, defineMachine(decl, options.creators?.[decl.name]));
    }
  }
  return { machines };
}

/** One parsed machine ready to run. */
export function defineMachine(decl: MachineDecl, creators?: readonly string[]): MachineDefinition {
  const handlers: Handler[] = [];
  const bodies = new Map<string, string>();
  for (const scenario of decl.scenarios) {
    for (const handler of scenario.handlers) {
      const key = `${handler.event} ${handler.from ?? '*'}`;
      const body = canonical(handler.body);
      const seen = bodies.get(key);
      if (seen === undefined) {
        bodies.set(key, body);
        handlers.push(handler);
      } else if (seen !== body) {
        throw new DefinitionError(
          `conflicting handler definitions for ${handler.event}${handler.from ? ` from ${handler.from}` : ''} in ${decl.name} (${handler.loc.file}:${handler.loc.line})`,
        );
      }
    }
  }
  const first = handlers[0];
  const byEvent = new Map<string, Handler[]>();
  for (const handler of handlers) byEvent.set(handler.event, [...(byEvent.get(handler.event) ?? []), handler]);
  return {
    name: decl.name,
    decl,
    handlers,
    byEvent,
    creators: new Set(creators ?? (first ? [first.event] : [])),
    responses: new Map(decl.responses.map((r) => [r.name, r])),
    version: hash(canonical(handlers.map((h) => [h.event, h.from, h.api, h.body]))),
    idField: `${decl.name.replace(/^@/, '')}_id`,
    requests: handlers.some((h) => statementsOf(h.body).some((s) => s.kind === 'ContextOp' && s.emit !== undefined)),
    paths: variablePaths(handlers),
    enteredAlone: new Map(statementsOf(handlers.flatMap((h) => h.body)).flatMap((s) => (s.kind === 'Transition' ? [[s.state, Object.freeze([s.state])] as const] : []))),
  };
}

/** Picks the handler for an event: exact sender first, then a handler without `from`. */
export function pickHandler(machine: MachineDefinition, event: string, sender?: string): Handler | undefined {
  let anySender: Handler | undefined;
  for (const handler of machine.byEvent.get(event) ?? NO_ITEMS) {
    if (handler.from !== undefined && handler.from === sender) return handler;
    if (handler.from === undefined) anySender ??= handler;
  }
  return anySender;
}

/** Handlers for an event regardless of sender (for callers that did not say who they are). */
export function handlersFor(machine: MachineDefinition, event: string): readonly Handler[] {
  return machine.byEvent.get(event) ?? NO_ITEMS;
}

/** Every statement of a body, nested ones included. */
function statementsOf(body: readonly Statement[]): Statement[] {
  return body.flatMap((statement) => {
    switch (statement.kind) {
      case 'GuardChain':
        return [statement, ...statement.branches.flatMap((branch) => statementsOf(branch.body ?? [])), ...statementsOf(statement.otherwise ?? [])];
      case 'ForEach':
        return [statement, ...statementsOf(statement.body)];
      default:
        return [statement];
    }
  });
}

function variablePaths(handlers: readonly Handler[]): Map<string, readonly string[]> {
  const paths = new Map<string, readonly string[]>();
  for (const statement of handlers.flatMap((handler) => statementsOf(handler.body))) {
    if (statement.kind !== 'ContextOp') continue;
    for (const variable of [statement.variable, ...(statement.validation ?? []).map((row) => row.variable)]) paths.set(variable, variable.split('.'));
  }
  return paths;
}

/** JSON of a tree without `loc` fields: equal bodies give equal strings. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (key, v) => (key === 'loc' ? undefined : v));
}

/** FNV-1a, hex: a short, stable fingerprint. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
