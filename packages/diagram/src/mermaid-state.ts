// A state graph as a Mermaid `stateDiagram-v2`: (start) is `[*]`, final states and the current state
// (for an instance) get their own class.
import { identifiers, mermaidText } from './mermaid-text.ts';
import { START, type StateGraph } from './model.ts';
import { transitionLabel } from './labels.ts';

/** Options of `stateMermaid`. */
export interface StateRenderOptions {
  /** Highlight this state: an instance's current state (`#processing`). */
  readonly current?: string;
}

/** A state diagram as Mermaid `stateDiagram-v2` text. */
export function stateMermaid(graph: StateGraph, options: StateRenderOptions = {}): string {
  const id = identifiers('s_');
  const ref = (state: string) => (state === START ? '[*]' : id(state));
  const lines = ['stateDiagram-v2', `  %% ${mermaidText(graph.machine)}`];
  for (const state of graph.states) if (state.name !== START) lines.push(`  state "${mermaidText(state.name)}" as ${id(state.name)}`);
  for (const t of graph.transitions) lines.push(`  ${ref(t.from)} --> ${ref(t.to)} : ${mermaidText(transitionLabel(t))}`);
  const finals = graph.states.filter((s) => s.final).map((s) => id(s.name));
  if (finals.length > 0) lines.push('  classDef final stroke-width:3px', `  class ${finals.join(',')} final`);
  if (options.current && graph.states.some((s) => s.name === options.current)) {
    lines.push('  classDef current fill:#ffd54f,stroke:#b26a00,stroke-width:3px', `  class ${id(options.current)} current`);
  }
  return `${lines.join('\n')}\n`;
}
