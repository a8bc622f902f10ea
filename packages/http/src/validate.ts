// Checks a payload against its endpoint's validation tables before the event is sent. A field the
// request leaves out is checked only when the event creates a new instance: on an existing one the
// handler would read the instance's own value instead (payload first, then context).
import { BindingRegistry, checkRules, type BindingSet, type FieldProblem } from '@eventflow/core';
import type { Contract } from './contract.ts';

export type RuleCheck = Parameters<typeof checkRules>[3];

/** Custom rules from the bindings; a rule without a binding passes here and is left to the handler. */
export function customRules(machine: string, bindings: readonly BindingSet[]): RuleCheck {
  const registry = new BindingRegistry([...bindings]);
  return (name) => (registry.named('rule', machine, name) as ReturnType<RuleCheck>) ?? (() => true);
}

export async function checkPayload(contract: Contract, payload: Record<string, unknown>, creating: boolean, rules: RuleCheck): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  for (const { field, rules: list } of contract.checked) {
    const value = Object.hasOwn(payload, field) ? payload[field] : undefined;
    if (value === undefined && !creating) continue;
    problems.push(...(await checkRules(field, value, list, rules)));
  }
  return problems;
}
