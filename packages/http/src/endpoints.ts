// The HTTP endpoints of a system, read from its definition: one per event that has an (api)
// handler (`on :e from @a (api)` or `on> :e`). Internal handlers get none, so they are unreachable.
import type { MachineDefinition, SystemDefinition } from '@eventflow/core';
import type { Handler } from '@eventflow/language';
import { contractOf, type Contract } from './contract.ts';

/** An HTTP route of an `(api)` handler: method, path, machine and event. */
export interface Endpoint {
  /** `@order` */
  readonly machine: string;
  /** `order`: the first path segment. */
  readonly noun: string;
  /** `:checkout` */
  readonly event: string;
  /** `checkout`: the last path segment. */
  readonly name: string;
  /** The sender the (api) handler accepts (`@customer`); the runtime's default when absent. */
  readonly from?: string;
  /** The event creates an instance when the request names none (LANGUAGE.md §4.3). */
  readonly creates: boolean;
  /** `(queued api)`: answered 202 at once, handled in the background. */
  readonly queued: boolean;
  /** `order_id`: the payload field that names an instance. */
  readonly idField: string;
  /** The (api) handlers of this event, in document order. */
  readonly handlers: readonly Handler[];
  readonly contract: Contract;
}

/** Path segments the service itself uses: no machine may be named like one. */
export const RESERVED_SEGMENTS: ReadonlySet<string> = new Set(['healthz', 'readyz', 'openapi.json', 'requests', 'inspect']);

/** The routes of every `(api)` handler of a system. */
export function endpointsOf(definition: SystemDefinition): Endpoint[] {
  return [...definition.machines.values()].flatMap(machineEndpoints);
}

function machineEndpoints(machine: MachineDefinition): Endpoint[] {
  const noun = machine.name.replace(/^@/, '');
  if (RESERVED_SEGMENTS.has(noun)) {
    throw new Error(`Machine ${machine.name} cannot be served over HTTP: /${noun} is reserved (${[...RESERVED_SEGMENTS].join(', ')})`);
  }
  const endpoints: Endpoint[] = [];
  for (const [event, handlers] of machine.byEvent) {
    const api = handlers.filter((h) => h.api);
    const first = api[0];
    if (!first) continue;
    endpoints.push({
      machine: machine.name,
      noun,
      event,
      name: event.replace(/^:/, ''),
      ...(first.from !== undefined ? { from: first.from } : {}),
      creates: machine.creators.has(event),
      queued: api.every((h) => h.queued),
      idField: machine.idField,
      handlers: api,
      contract: contractOf(api),
    });
  }
  return endpoints;
}

/** Machines in the order the definition lists them (every one gets its read routes). */
export function machineNouns(definition: SystemDefinition): { machine: string; noun: string; idField: string }[] {
  return [...definition.machines.values()].map((m) => ({ machine: m.name, noun: m.name.replace(/^@/, ''), idField: m.idField }));
}
