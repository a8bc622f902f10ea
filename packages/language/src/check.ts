// Static checks over a parsed file (§3, Appendix A.3): conflicting duplicate handlers, `triggered:`
// rules, `for each` placement, unknown named responses, else without a guard chain, uppercase names.

import type { FlowFile, Handler, Location, MachineDecl, Statement } from './ast.ts';
import type { Diagnostic, Severity } from './diagnostic.ts';

export function check(ast: FlowFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const add = (code: string, message: string, loc: Location, severity: Severity = 'error', length = 1): void => {
    out.push({ code, severity, message, loc, length });
  };
  for (const machine of ast.machines) checkMachine(machine, add);
  if (ast.statements !== undefined) walk(ast.statements, false, add, new Set());
  return out.sort((a, b) => a.loc.line - b.loc.line || a.loc.column - b.loc.column);
}

type Add = (code: string, message: string, loc: Location, severity?: Severity, length?: number) => void;

function checkMachine(machine: MachineDecl, add: Add): void {
  lowercase(machine.name, machine.loc, add);
  for (const s of machine.states) lowercase(s.state, s.loc, add);
  const responses = new Set(machine.responses.map((r) => r.name));
  const seen = new Map<string, string>();
  for (const scenario of machine.scenarios) {
    for (const handler of scenario.handlers) {
      checkHandler(handler, responses, add);
      const key = `${handler.event}\u0000${handler.from ?? ''}`;
      const body = bodyKey(handler);
      const before = seen.get(key);
      if (before === undefined) seen.set(key, body);
      else if (before !== body) {
        const who = handler.from === undefined ? '' : ` from ${handler.from}`;
        add('conflicting-handlers', `conflicting handler definitions for ${handler.event}${who}`, handler.loc, 'error', 2);
      }
    }
  }
}

/** A handler's statements (not its given/expect), without locations, for comparison. */
function bodyKey(handler: Handler): string {
  return JSON.stringify(handler.body, (key, value: unknown) => (key === 'loc' ? undefined : value));
}

function checkHandler(handler: Handler, responses: ReadonlySet<string>, add: Add): void {
  lowercase(handler.event, handler.loc, add);
  if (handler.from !== undefined) lowercase(handler.from, handler.loc, add);
  if (handler.triggered !== undefined) {
    if (!handler.body.some((s) => s.kind === 'ForEach')) {
      add('triggered-without-for-each', "A 'triggered:' handler needs a 'for each … in #state' block.", handler.loc);
    }
    for (const s of handler.body) {
      if (s.kind === 'GuardChain' && s.branches.length > 0) {
        add('guard-under-triggered', "Expected guards under 'triggered:' to sit inside a 'for each' block, found a bare guard.", s.loc);
      }
    }
  }
  walk(handler.body, handler.triggered !== undefined, add, responses);
}

function walk(body: readonly Statement[], triggered: boolean, add: Add, responses: ReadonlySet<string>): void {
  for (const s of body) {
    switch (s.kind) {
      case 'Transition':
        lowercase(s.state, s.loc, add);
        break;
      case 'ContextOp':
        lowercase(s.variable, s.loc, add);
        if (s.emit !== undefined) walk([s.emit], triggered, add, responses);
        break;
      case 'Emit':
        lowercase(s.event, s.loc, add);
        lowercase(s.target.machine, s.loc, add);
        for (const state of s.target.states) lowercase(state, s.loc, add);
        break;
      case 'Reply':
        if (s.body.kind === 'named' && !responses.has(s.body.name)) {
          add('unknown-response', `Expected a response declared under 'responses:', found '${s.body.name}'.`, s.loc);
        }
        break;
      case 'Schedule':
        lowercase(s.event, s.loc, add);
        break;
      case 'ForEach':
        if (!triggered) add('for-each-outside-triggered', "Expected 'for each' only in a 'triggered:' handler.", s.loc);
        for (const state of s.states) lowercase(state, s.loc, add);
        walk(s.body, false, add, responses);
        break;
      case 'GuardChain':
        if (s.branches.length === 0) add('else-without-guard', 'Expected a guard chain before this else branch, found none.', s.loc);
        for (const branch of s.branches) if (branch.body !== undefined) walk(branch.body, false, add, responses);
        if (s.otherwise !== undefined) walk(s.otherwise, false, add, responses);
        break;
      case 'Action':
        break;
    }
  }
}

/** Names are lowercase by convention (§1.5); uppercase is accepted with a warning. */
function lowercase(name: string, loc: Location, add: Add): void {
  if (/[A-Z]/.test(name)) add('uppercase-name', `Expected a lowercase name, found '${name}'.`, loc, 'warning');
}
