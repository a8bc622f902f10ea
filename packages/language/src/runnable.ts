// Checks for a file that is meant to run (test, run, bindings:missing), beyond what `check` asks of
// any fragment: the guides show bare handlers and guard lines, which parse, but a runtime needs
// every handler inside a `machine:`.
import type { FlowFile } from './ast.ts';
import type { Diagnostic } from './diagnostic.ts';

const HINT = "start the file with a line naming the machine, e.g. 'machine: @order' (the guides often show handlers without it)";

/** One error per piece that belongs to no machine: statements outside any handler, handlers without `machine:`. */
export function checkRunnable(ast: FlowFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const first = ast.statements?.[0];
  if (first !== undefined) {
    out.push({
      code: 'statement-outside-handler',
      severity: 'error',
      message: "Expected these lines inside a handler ('on :event') of a machine, found them at the top of the file.",
      loc: first.loc,
      hint: `put them under 'on :event' and ${HINT}`,
    });
  }
  for (const machine of ast.machines) {
    if (!machine.implicit) continue;
    const what = machine.scenarios.some((s) => s.name !== undefined) ? 'this scenario' : 'these handlers';
    out.push({ code: 'missing-machine', severity: 'error', message: `Expected 'machine: @name' before ${what}, found none.`, loc: machine.loc, hint: HINT });
  }
  return out;
}
