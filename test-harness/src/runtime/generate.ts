// Generators of .flow systems for the runtime properties. Each returns .flow source text, so
// the suite exercises the real parser and runtime, not a hand-built definition.
import fc from 'fast-check';

// ---------------------------------------------------------------------------------------------
// Replay determinism: one machine with guards, $var updates, branches, emits to a peer that
// answers, bindings that return random values, and a binding that fails on request.

/** One statement of a generated handler (a small language the determinism cases are written in). */
export type Statement =
  | { kind: 'move'; state: string }
  | { kind: 'assign'; variable: string; value: number }
  | { kind: 'increase'; variable: string; by: number }
  | { kind: 'collect' }
  | { kind: 'roll' }
  | { kind: 'fail' }
  | { kind: 'ping' }
  | { kind: 'guard'; condition: string; then: Statement[]; otherwise?: Statement[] };

/** A generated machine (its handlers) and the events sent to it. */
export interface DeterminismCase {
  readonly handlers: Statement[][];
  /** Events to send in order: which handler, its payload `n`, and whether its binding must fail. */
  readonly events: { handler: number; n: number; fail: boolean }[];
}

const leaf: fc.Arbitrary<Statement> = fc.oneof(
  fc.constantFrom('#a', '#b', '#c').map((state) => ({ kind: 'move', state }) as const),
  fc.record({ variable: fc.constantFrom('x', 'y'), value: fc.integer({ min: -5, max: 20 }) }).map((r) => ({ kind: 'assign', ...r }) as const),
  fc.record({ variable: fc.constantFrom('x', 'y'), by: fc.integer({ min: 1, max: 5 }) }).map((r) => ({ kind: 'increase', ...r }) as const),
  fc.constant({ kind: 'collect' } as const),
  fc.constant({ kind: 'roll' } as const),
  fc.constant({ kind: 'fail' } as const),
  fc.constant({ kind: 'ping' } as const),
);

const condition = fc.constantFrom('$x > 3', 'subject is in #a', '$n is greater than 5', '$y is empty', 'not $x > 10 and $n < 50', 'lucky number');

const statement: fc.Arbitrary<Statement> = fc.letrec<{ statement: Statement }>((tie) => ({
  statement: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc
      .record({
        condition,
        then: fc.array(tie('statement'), { minLength: 1, maxLength: 3 }),
        otherwise: fc.option(fc.array(tie('statement'), { minLength: 1, maxLength: 2 }), { nil: undefined }),
      })
      .map((g) => ({ kind: 'guard', ...g }) as Statement),
  ),
})).statement;

/** Generates determinism cases. */
export const determinismCase: fc.Arbitrary<DeterminismCase> = fc
  .array(fc.array(statement, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 })
  .chain((handlers) =>
    fc.record({
      handlers: fc.constant(handlers),
      events: fc.array(
        fc.record({ handler: fc.nat({ max: handlers.length - 1 }), n: fc.integer({ min: 0, max: 60 }), fail: fc.boolean() }),
        { minLength: 1, maxLength: 12 },
      ),
    }),
  );

// At most one ping per handler: two concurrent pongs may come back in either order on a real
// transport, and then histories legitimately differ between adapters.
function render(statements: readonly Statement[], indent: string, pinged = { done: false }): string[] {
  const lines: string[] = [];
  for (const s of statements) {
    switch (s.kind) {
      case 'move':
        lines.push(`${indent}subject moves to ${s.state}`);
        break;
      case 'assign':
        lines.push(`${indent}$${s.variable} becomes ${s.value}`);
        break;
      case 'increase':
        lines.push(`${indent}$${s.variable} increases by ${s.by}`);
        break;
      case 'collect':
        lines.push(`${indent}$list adds $n`);
        break;
      case 'roll':
        lines.push(`${indent}roll dice`);
        break;
      case 'fail':
        lines.push(`${indent}charge the card`);
        break;
      case 'ping':
        if (pinged.done) lines.push(`${indent}$pinged becomes true`);
        else lines.push(`${indent}emit :ping to @peer`, `${indent}  with $n`);
        pinged.done = true;
        break;
      case 'guard':
        lines.push(`${indent}? ${s.condition}`, ...render(s.then, `${indent}  `, pinged));
        if (s.otherwise) lines.push(`${indent}otherwise`, ...render(s.otherwise, `${indent}  `, pinged));
        // A plain statement right after a chain would end it anyway; a blank line keeps groups apart.
        lines.push('');
        break;
    }
  }
  return lines;
}

/** The `.flow` text of a determinism case's machine. */
export function determinismFlow(c: DeterminismCase): string {
  const lines = ['machine: @subject', ''];
  c.handlers.forEach((body, i) => {
    lines.push(`  on :e${i} from @user (api)`, ...render(body, '    '), '');
  });
  lines.push('  on :pong from @peer', '    $pongs increases by 1', '    $last_pong becomes $n', '');
  lines.push('machine: @peer', '', '  on :ping from @subject', '    peer moves to #answered', '    emit :pong to @subject', '      with $n', '');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Correlation: originators fan out to branches; each branch is a chain of machines `depth` deep;
// every level answers the level above it through conversation context alone.

/** A generated tree of machines: originators, fan-out and depth of nested conversations. */
export interface Topology {
  readonly originators: number;
  readonly fanout: number;
  readonly depth: number;
  /** The deepest machine of each branch is one shared instance (explicit id). */
  readonly sharedLeaf: boolean;
}

/** Generates topologies. */
export const topology: fc.Arbitrary<Topology> = fc.record({
  originators: fc.integer({ min: 1, max: 4 }),
  fanout: fc.integer({ min: 1, max: 3 }),
  depth: fc.integer({ min: 1, max: 4 }),
  sharedLeaf: fc.boolean(),
});

export function levelMachine(branch: number, level: number): string {
  return `@b${branch}_l${level}`;
}

/** The `.flow` text of a topology's machines. */
export function correlationFlow(t: Topology): string {
  const lines = ['machine: @origin', '', '  on :start from @client (api)', '    $mine becomes $token', '    origin moves to #waiting'];
  for (let b = 0; b < t.fanout; b++) lines.push(`    emit :req to ${levelMachine(b, 1)}`, '      with $token');
  lines.push('');
  for (let b = 0; b < t.fanout; b++) {
    lines.push(`  on :res from ${levelMachine(b, 1)}`, '    $got adds $token', '');
  }
  for (let b = 0; b < t.fanout; b++) {
    for (let level = 1; level <= t.depth; level++) {
      const name = levelMachine(b, level);
      const above = level === 1 ? '@origin' : levelMachine(b, level - 1);
      lines.push(`machine: ${name}`, '');
      if (level === t.depth) {
        lines.push('  on :req', `    emit :res to ${above}`, '      with $token', '');
        continue;
      }
      const below = levelMachine(b, level + 1);
      lines.push('  on :req', '    $tok becomes $token', `    emit :req to ${below}`);
      if (t.sharedLeaf && level + 1 === t.depth) lines.push('      with:', '        | token | $token |', `        | ${below.slice(1)}_id | "shared-${below.slice(1)}" |`);
      else lines.push('      with $token');
      lines.push('', `  on :res from ${below}`, `    emit :res to ${above}`, '      with token: $tok', '');
    }
  }
  return lines.join('\n');
}
