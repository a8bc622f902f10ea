// `"given"` on a `run` line: a new instance starts in the state and context that `given:` lines
// describe (`light is in #red`, `$cycles is 2`), like a scenario's `given:` in a test, then the
// line's event is sent to it. The instance's history starts with a `:given` record saying so.
import { BindingRegistry, EventFlowError, parseInstanceRef, type BindingSet, type EventStore, type IdGenerator, type Runtime } from '@eventflow/core';
import { applyGivens, givenRecord, type GivenWorld } from '@eventflow/flow-test';
import { parse, type GivenLine } from '@eventflow/language';

export interface GivenSetup {
  readonly runtime: Runtime;
  readonly store: EventStore;
  readonly ids: IdGenerator;
  readonly bindings: readonly BindingSet[];
  readonly now: () => number;
}

/** Creates the instance; returns its id and the warnings of given lines that no binding gives meaning. */
export async function startGiven(setup: GivenSetup, to: string, explicitId: string | undefined, lines: readonly string[]): Promise<{ aggregateId: string; warnings: string[] }> {
  const ref = parseInstanceRef(to);
  const machine = ref.machine ?? to;
  if (!setup.runtime.definition.machines.has(machine)) throw new EventFlowError('UNKNOWN_MACHINE', `Cannot start ${machine} from "given": no such machine`);
  const aggregateId = explicitId ?? (ref.machine ? ref.aggregateId : setup.ids.aggregateId(machine));
  if ((await setup.store.read(aggregateId, { toSeq: 1 })).length > 0) {
    throw new EventFlowError('INVALID_INPUT', `"given" starts a new instance, but ${aggregateId} exists already`, { hint: 'Leave out "given" to send to it, or name a new aggregate_id.' });
  }
  const world: GivenWorld = { context: {}, payload: {}, warnings: [] };
  await applyGivens(parseGivenLines(lines), world, 'context', new BindingRegistry(setup.bindings), machine, setup.now());
  await setup.store.append([{ aggregateId, expectedSeq: 0, records: [givenRecord(machine, aggregateId, world.state, world.context, new Date(setup.now()).toISOString())] }]);
  return { aggregateId, warnings: world.warnings };
}

/** The lines as a handler's `given:` block would read them. */
function parseGivenLines(lines: readonly string[]): readonly GivenLine[] {
  const text = ['machine: @given', '  on :given', '    given:', ...lines.map((line) => `      ${line.trim()}`)].join('\n');
  const { ast, diagnostics } = parse(text, 'given');
  const error = diagnostics.find((d) => d.severity === 'error');
  if (error !== undefined) {
    const line = lines[error.loc.line - 4] ?? lines.join(' / ');
    throw new EventFlowError('INVALID_INPUT', `"given" line '${line.trim()}': ${error.message}`);
  }
  return ast.machines[0]?.scenarios[0]?.handlers[0]?.given ?? [];
}
