// Coverage (LANGUAGE.md §6.7): states entered, events handled, guards evaluated, actions run.
import type { FlowFile, Statement } from '@eventflow/language';
import type { Coverage } from './report.ts';

export interface Observed {
  readonly handled: readonly { machine: string; event: string; states: readonly string[] }[];
  readonly guards: readonly { machine: string; text: string }[];
  readonly calls: readonly { machine: string; text: string }[];
}

export function computeCoverage(files: readonly FlowFile[], observed: readonly Observed[]): Coverage {
  const states = new Set<string>(['#idle']);
  const events = new Set<string>();
  const guards = new Set<string>();
  const actions = new Set<string>();
  const visit = (statements: readonly Statement[]) => {
    for (const s of statements) {
      if (s.kind === 'Transition') states.add(s.state);
      if (s.kind === 'Action') actions.add(s.text);
      if (s.kind === 'GuardChain') {
        for (const b of s.branches) {
          for (const line of b.lines) guards.add(line.text);
          visit(b.body ?? []);
        }
        visit(s.otherwise ?? []);
      }
      if (s.kind === 'ForEach') visit(s.body);
    }
  };
  for (const file of files) {
    for (const machine of file.machines) {
      for (const decl of machine.states) states.add(decl.state);
      for (const scenario of machine.scenarios) {
        for (const handler of scenario.handlers) {
          events.add(handler.event);
          visit(handler.body);
        }
      }
    }
  }
  const seen = { states: new Set(['#idle']), events: new Set<string>(), guards: new Set<string>(), actions: new Set<string>() };
  for (const o of observed) {
    for (const h of o.handled) {
      seen.events.add(h.event);
      for (const st of h.states) seen.states.add(st);
    }
    for (const g of o.guards) seen.guards.add(g.text);
    for (const c of o.calls) seen.actions.add(c.text);
  }
  const part = (total: Set<string>, covered: Set<string>) => ({
    total: [...total],
    covered: [...total].filter((x) => covered.has(x)),
  });
  return {
    states: part(states, seen.states),
    events: part(events, seen.events),
    guards: part(guards, seen.guards),
    actions: part(actions, seen.actions),
  };
}
