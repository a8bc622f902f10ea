// LANGUAGE.md §3.6.5 as a property: the branches of one guard chain, blank lines between them or
// not, are tested against the state and context as they were when the chain started; exactly the
// first branch that held runs, else the `otherwise`, else nothing. Bodies change the state and the
// variables the later conditions read, so a chain that cascaded would run a second body.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseOrThrow } from '@eventflow/language';
import { BindingRegistry, createIds, decide, defineSystem, initialSnapshot, pickHandler, steppingClock, Timestamps, type MachineDefinition } from '@eventflow/core';

const STATES = ['#s0', '#s1', '#s2'] as const;

/** One condition, as .flow text and as the model's reading of it. */
interface Cond {
  readonly text: string;
  holds(start: World): boolean;
}

interface World {
  readonly state: string;
  readonly x: number;
  readonly y: number;
}

interface Branch {
  /** `?` lines AND together; a `??` line starts another alternative (§3.6.2). */
  readonly lines: readonly { readonly op: '?' | '??'; readonly cond: Cond }[];
  /** What the body does to the world, so later conditions would see a changed one. */
  readonly moveTo: string;
  readonly setX: number;
  readonly blankLinesAfter: number;
}

const small = fc.integer({ min: 0, max: 3 });

const condArb: fc.Arbitrary<Cond> = fc.oneof(
  fc.constantFrom(...STATES).map((s) => ({ text: `m is in ${s}`, holds: (w: World) => w.state === s })),
  fc.constantFrom(...STATES).map((s) => ({ text: `m is not in ${s}`, holds: (w: World) => w.state !== s })),
  small.map((n) => ({ text: `$x equals ${n}`, holds: (w: World) => w.x === n })),
  small.map((n) => ({ text: `$x > ${n}`, holds: (w: World) => w.x > n })),
  small.map((n) => ({ text: `$y is at most ${n}`, holds: (w: World) => w.y <= n })),
  small.map((n) => ({ text: `not $y equals ${n}`, holds: (w: World) => w.y !== n })),
);

const branchArb: fc.Arbitrary<Branch> = fc.record({
  lines: fc
    .tuple(condArb, fc.array(fc.tuple(fc.constantFrom('?' as const, '??' as const), condArb), { maxLength: 2 }))
    .map(([first, rest]) => [{ op: '?' as const, cond: first }, ...rest.map(([op, cond]) => ({ op, cond }))]),
  moveTo: fc.constantFrom(...STATES),
  setX: small,
  blankLinesAfter: fc.integer({ min: 0, max: 2 }),
});

const caseArb = fc.record({
  start: fc.record({ state: fc.constantFrom(...STATES), x: small, y: small }),
  branches: fc.array(branchArb, { minLength: 1, maxLength: 5 }),
  otherwise: fc.boolean(),
});

/** OR over alternatives, each an AND of its lines (`? A`, `? B`, `?? C` = (A and B) or C). */
function branchHolds(branch: Branch, start: World): boolean {
  let any = false;
  let all = true;
  for (const line of branch.lines) {
    if (line.op === '??') {
      any ||= all;
      all = true;
    }
    all &&= line.cond.holds(start);
  }
  return any || all;
}

function flowOf(branches: readonly Branch[], otherwise: boolean): string {
  const lines = ['machine: @m', '  on :go'];
  branches.forEach((branch, i) => {
    for (const line of branch.lines) lines.push(`    ${line.op} ${line.cond.text}`);
    lines.push(`      $ran adds ${i}`, `      m moves to ${branch.moveTo}`, `      $x becomes ${branch.setX}`, '      $y decreases by 1');
    for (let b = 0; b < branch.blankLinesAfter; b++) lines.push('');
  });
  if (otherwise) lines.push('    otherwise', '      $ran adds "otherwise"');
  return `${lines.join('\n')}\n`;
}

/** The pure step alone: this handler asks nothing, so the decision comes at once. */
function bodiesRun(machine: MachineDefinition, start: World): unknown {
  const snapshot = { ...initialSnapshot('@m', 'm-1'), state: start.state, context: { x: start.x, y: start.y } };
  const envelope = { id: 'evt-1', event: ':go', conversation_id: 'conv-1', from: { machine: '@u' }, to: { machine: '@m', aggregate_id: 'm-1' }, data: {}, timestamp: '2026-01-01T00:00:00.000Z' };
  const env = { bindings: new BindingRegistry([]), ids: createIds({ seed: 1 }), time: new Timestamps(steppingClock()), machines: new Set(['@m']), mode: 'runtime' as const };
  const step = decide(machine, pickHandler(machine, ':go', '@u')!, snapshot, envelope, env).next();
  if (!step.done || step.value.kind !== 'record') throw new Error('the step should decide at once');
  return step.value.snapshot.context['ran'];
}

/** FC_SEED (and FC_PATH) replay a failure that fast-check reported. */
function replay(): { seed?: number; path?: string } {
  const seed = process.env['FC_SEED'];
  if (seed === undefined || seed === '') return {};
  return { seed: Number(seed), ...(process.env['FC_PATH'] ? { path: process.env['FC_PATH'] } : {}) };
}

describe('a guard chain across blank lines (§3.6.5)', () => {
  test('exactly one body runs: the first branch that held at the chain start, else otherwise, else none', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ start, branches, otherwise }) => {
        const file = parseOrThrow(flowOf(branches, otherwise), 'chain.flow');
        const machine = defineSystem([file]).machines.get('@m') as MachineDefinition;
        const first = branches.findIndex((branch) => branchHolds(branch, start));
        const expected = first >= 0 ? [first] : otherwise ? ['otherwise'] : undefined;
        expect(bodiesRun(machine, start)).toEqual(expected);
      }),
      { numRuns: 300, ...replay() },
    );
  });
});
