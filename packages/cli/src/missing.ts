// Finds the free-text lines (guards, actions, givens, assertions) and the expression functions
// (`already_approved_by($reviewer)`) that no binding provides. Built-in forms never need a binding
// (LANGUAGE.md §8-A12), so only the parser's free-text and call nodes count.
import { BindingRegistry, type BindingSet, type PatternKind } from '@eventflow/core';
import { isSenderIdGiven } from '@eventflow/flow-test';
import type { Assertion, Condition, FlowFile, GivenLine, Handler, Statement } from '@eventflow/language';

export interface MissingReport {
  /** `@order`, or `system checkout` for system tests. */
  readonly owner: string;
  readonly guards: readonly string[];
  readonly actions: readonly string[];
  readonly givens: readonly string[];
  readonly assertions: readonly string[];
  /** Functions called in expressions, as `name()`. */
  readonly functions: readonly string[];
}

type Texts = Record<PatternKind | 'function', Set<string>>;

/** Functions every runtime provides. */
const BUILT_IN_FUNCTIONS = new Set(['uuid', 'now']);

export function findMissing(files: readonly FlowFile[], sets: readonly BindingSet[]): MissingReport[] {
  const registry = new BindingRegistry(sets);
  const owners = new Map<string, { machines: readonly string[]; texts: Texts }>();
  const machines = files.flatMap((f) => f.machines.map((m) => m.name));
  const textsOf = (owner: string, lookIn: readonly string[]): Texts => {
    let entry = owners.get(owner);
    if (!entry) owners.set(owner, (entry = { machines: lookIn, texts: { guard: new Set(), action: new Set(), given: new Set(), assertion: new Set(), function: new Set() } }));
    return entry.texts;
  };
  for (const file of files) {
    for (const machine of file.machines) {
      const texts = textsOf(machine.name, [machine.name]);
      for (const scenario of machine.scenarios) {
        givens(scenario.given, texts);
        for (const handler of scenario.handlers) fromHandler(handler, texts);
        assertions(scenario.expect, texts);
      }
    }
    for (const test of file.tests) {
      const owner = test.machine ?? `system ${test.system ?? ''}`.trim();
      const texts = textsOf(owner, test.machine ? [test.machine] : machines);
      for (const testCase of test.scenarios.flatMap((s) => [...s.cases, ...s.groups.flatMap((g) => g.cases)])) {
        givens([...testCase.withScenario, ...testCase.withGiven], texts);
        assertions(testCase.assertions, texts);
      }
    }
  }
  return [...owners].map(([owner, { machines: lookIn, texts }]) => {
    const unbound = (kind: PatternKind) => [...texts[kind]].filter((text) => !lookIn.some((m) => bound(registry, kind, m, text)));
    const functions = [...texts.function].filter((name) => !lookIn.some((m) => registry.named('function', m, name) !== undefined)).map((name) => `${name}()`);
    return { owner, guards: unbound('guard'), actions: unbound('action'), givens: unbound('given'), assertions: unbound('assertion'), functions };
  });
}

export function missingCount(report: MissingReport): number {
  return report.guards.length + report.actions.length + report.givens.length + report.assertions.length + report.functions.length;
}

function bound(registry: BindingRegistry, kind: PatternKind, machine: string, text: string): boolean {
  try {
    return registry.match(kind, machine, text) !== undefined;
  } catch {
    return true; // ambiguous bindings: several match, so one is not missing
  }
}

function fromHandler(handler: Handler, texts: Texts): void {
  givens(handler.given, texts);
  statements(handler.body, texts);
  calls(handler.body, texts.function);
  assertions(handler.expect, texts);
}

/** Names of the functions called anywhere in `node` (conditions, values, emit and reply fields). */
function calls(node: unknown, names: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) calls(item, names);
  } else if (typeof node === 'object' && node !== null) {
    const call = node as { kind?: unknown; name?: unknown };
    if (call.kind === 'Call' && typeof call.name === 'string' && !BUILT_IN_FUNCTIONS.has(call.name)) names.add(call.name);
    for (const value of Object.values(node)) calls(value, names);
  }
}

function statements(body: readonly Statement[], texts: Texts): void {
  for (const statement of body) {
    if (statement.kind === 'Action') texts.action.add(statement.text);
    else if (statement.kind === 'ForEach') statements(statement.body, texts);
    else if (statement.kind === 'GuardChain') {
      for (const branch of statement.branches) {
        for (const line of branch.lines) conditions(line.condition, texts);
        statements(branch.body ?? [], texts);
      }
      statements(statement.otherwise ?? [], texts);
    }
  }
}

function conditions(condition: Condition, texts: Texts): void {
  if (condition.kind === 'Text') texts.guard.add(condition.text);
  else if (condition.kind === 'And' || condition.kind === 'Or') {
    conditions(condition.left, texts);
    conditions(condition.right, texts);
  } else if (condition.kind === 'Not') conditions(condition.operand, texts);
}

function givens(lines: readonly GivenLine[], texts: Texts): void {
  for (const line of lines) if (line.kind === 'GivenText' && !isSenderIdGiven(line.text)) texts.given.add(line.text);
}

function assertions(lines: readonly Assertion[], texts: Texts): void {
  for (const line of lines) if (line.kind === 'AssertText') texts.assertion.add(line.text);
}
