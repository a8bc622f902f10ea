// Static checks over a parsed file (§3, Appendix A.3): conflicting duplicate handlers, `triggered:`
// rules, `for each` placement, unknown named responses, else without a guard chain, branches a chain
// can never reach, uppercase names.
// One pass over the tree; handler bodies are compared only when an (event, sender) pair repeats.

import type { Emit, FlowFile, GuardBranch, GuardChain, Handler, Location, MachineDecl, Statement } from './ast.ts';
import type { Diagnostic, Severity } from './diagnostic.ts';
import { printCondition } from './print-expr.ts';

const NO_RESPONSES: ReadonlySet<string> = new Set();

/** The static checks of a parsed file (states used but not declared, replies outside `(api)` handlers and the like), as diagnostics. */
export function check(ast: FlowFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const machine of ast.machines) checkMachine(machine, out);
  if (ast.statements !== undefined) walk(ast.statements, false, out, NO_RESPONSES);
  return out.sort((a, b) => a.loc.line - b.loc.line || a.loc.column - b.loc.column);
}

function add(out: Diagnostic[], code: string, message: string, loc: Location, severity: Severity = 'error', length = 1): void {
  out.push({ code, severity, message, loc, length });
}

function checkMachine(machine: MachineDecl, out: Diagnostic[]): void {
  lowercase(machine.name, machine.loc, out);
  for (const s of machine.states) lowercase(s.state, s.loc, out);
  const responses = new Set<string>();
  for (const r of machine.responses) responses.add(r.name);
  const first = new Map<string, Handler>(); // first handler per (event, sender)
  for (const scenario of machine.scenarios) {
    for (const handler of scenario.handlers) {
      checkHandler(handler, responses, out);
      const key = handler.from === undefined ? handler.event : `${handler.event}\u0000${handler.from}`; // names hold no NUL
      const before = first.get(key);
      if (before === undefined) first.set(key, handler);
      else if (bodyKey(before) !== bodyKey(handler)) {
        const who = handler.from === undefined ? '' : ` from ${handler.from}`;
        add(out, 'conflicting-handlers', `conflicting handler definitions for ${handler.event}${who}`, handler.loc, 'error', 2);
      }
    }
  }
}

/** A handler's statements (not its given/expect), without locations, for comparison. */
function bodyKey(handler: Handler): string {
  return JSON.stringify(handler.body, (key, value: unknown) => (key === 'loc' ? undefined : value));
}

function checkHandler(handler: Handler, responses: ReadonlySet<string>, out: Diagnostic[]): void {
  lowercase(handler.event, handler.loc, out);
  if (handler.from !== undefined) lowercase(handler.from, handler.loc, out);
  const triggered = handler.triggered !== undefined;
  if (triggered) checkTriggered(handler, out);
  walk(handler.body, triggered, out, responses);
}

function checkTriggered(handler: Handler, out: Diagnostic[]): void {
  if (!handler.body.some((s) => s.kind === 'ForEach')) {
    add(out, 'triggered-without-for-each', "A 'triggered:' handler needs a 'for each … in #state' block.", handler.loc);
  }
  for (const s of handler.body) {
    if (s.kind === 'GuardChain' && s.branches.length > 0) {
      add(out, 'guard-under-triggered', "Expected guards under 'triggered:' to sit inside a 'for each' block, found a bare guard.", s.loc);
    }
  }
}

function walk(body: readonly Statement[], triggered: boolean, out: Diagnostic[], responses: ReadonlySet<string>): void {
  for (const s of body) {
    switch (s.kind) {
      case 'Transition':
        lowercase(s.state, s.loc, out);
        break;
      case 'ContextOp':
        lowercase(s.variable, s.loc, out);
        if (s.emit !== undefined) checkEmit(s.emit, out);
        break;
      case 'Emit':
        checkEmit(s, out);
        break;
      case 'Reply':
        if (s.body.kind === 'named' && !responses.has(s.body.name)) {
          add(out, 'unknown-response', `Expected a response declared under 'responses:', found '${s.body.name}'.`, s.loc);
        }
        break;
      case 'Schedule':
        lowercase(s.event, s.loc, out);
        break;
      case 'ForEach':
        if (!triggered) add(out, 'for-each-outside-triggered', "Expected 'for each' only in a 'triggered:' handler.", s.loc);
        for (const state of s.states) lowercase(state, s.loc, out);
        walk(s.body, false, out, responses);
        break;
      case 'GuardChain':
        if (s.branches.length === 0) add(out, 'else-without-guard', 'Expected a guard chain before this else branch, found none.', s.loc);
        unreachableBranches(s, out);
        for (const branch of s.branches) if (branch.body !== undefined) walk(branch.body, false, out, responses);
        if (s.otherwise !== undefined) walk(s.otherwise, false, out, responses);
        break;
      case 'Action':
        break;
    }
  }
}

/** The first matching branch wins (§3.6.5), so a branch whose guards repeat an earlier branch's never runs. */
function unreachableBranches(chain: GuardChain, out: Diagnostic[]): void {
  const seen = new Map<string, GuardBranch>();
  for (const branch of chain.branches) {
    const key = branch.lines.map((line) => `${line.op} ${printCondition(line.condition)}`).join('\n');
    const earlier = seen.get(key);
    if (earlier === undefined) seen.set(key, branch);
    else add(out, 'unreachable-branch', `This branch can never run: the branch at line ${earlier.loc.line} has the same guard and is tested first.`, branch.loc, 'warning');
  }
}

function checkEmit(s: Emit, out: Diagnostic[]): void {
  lowercase(s.event, s.loc, out);
  lowercase(s.target.machine, s.loc, out);
  for (const state of s.target.states) lowercase(state, s.loc, out);
}

/** Names are lowercase by convention (§1.5); uppercase is accepted with a warning. */
function lowercase(name: string, loc: Location, out: Diagnostic[]): void {
  if (hasUppercase(name)) add(out, 'uppercase-name', `Expected a lowercase name, found '${name}'.`, loc, 'warning');
}

function hasUppercase(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
  }
  return false;
}
