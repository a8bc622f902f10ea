// The words shown on a transition, shared by every output format.
import type { StateTransition } from './model.ts';

/** `:payment_success [$payment_ok and $fraud_ok / else]`; `separator` goes between event and guard. */
export function transitionLabel(t: StateTransition, separator = ' '): string {
  return t.guards.length > 0 ? `${t.event}${separator}[${t.guards.join(' / ')}]` : t.event;
}

/** Everything hover shows: the event and its sender, guards, actions, emits and replies. */
export function transitionDetails(t: StateTransition): string[] {
  return [
    `${t.event}${t.sender ? ` from ${t.sender}` : ''}: ${t.from} → ${t.to}`,
    ...t.guards.map((g) => `? ${g}`),
    ...t.actions.map((a) => `does ${a}`),
    ...t.emits.map((e) => `emits ${e}`),
    ...t.replies.map((r) => `replies ${r}`),
    `${t.loc.file}:${t.loc.line}:${t.loc.column}`,
  ];
}

/** Else branches (written `otherwise` or left implicit) are drawn dashed to tell them from the guarded ones. */
export function isElseBranch(t: StateTransition): boolean {
  return t.branch !== undefined && t.branch.index === t.branch.count;
}
