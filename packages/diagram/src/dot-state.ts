// A state graph as Graphviz DOT, laid out left to right: (start) is a dot, final states have a double
// border, the current state (for an instance) is filled, else branches are dashed. Each transition's SVG
// element gets the transition id, so a page can show its guard and actions on hover.
import { DOT_DEFAULTS, dotAttributes, dotString } from './dot-text.ts';
import { isElseBranch, transitionLabel } from './labels.ts';
import { START, type StateGraph } from './model.ts';

/** Options of `stateDot`. */
export interface StateDotOptions {
  /** Highlight this state: an instance's current state. */
  readonly current?: string;
  /** Prefix of element ids, so several diagrams can share one page. */
  readonly idPrefix?: string;
}

/** A state diagram as Graphviz DOT. */
export function stateDot(graph: StateGraph, options: StateDotOptions = {}): string {
  const prefix = options.idPrefix ?? '';
  const lines = [`digraph ${dotString(graph.machine)} {`, ...DOT_DEFAULTS, '  graph [rankdir=LR nodesep=0.35 ranksep=0.6]', '  node [shape=box style=rounded margin="0.16,0.06"]'];
  for (const state of graph.states) {
    const classes = ['state', state.final ? 'final' : '', state.name === options.current ? 'current' : ''].filter(Boolean).join(' ');
    const id = `${prefix}state_${state.name.replace(/[^A-Za-z0-9_]/g, '')}`;
    if (state.name === START) {
      lines.push(`  ${dotString(START)}${dotAttributes({ id, class: 'state start', shape: 'circle', style: 'filled', fillcolor: 'black', label: '', width: 0.22, fixedsize: 'true' })}`);
    } else {
      const current = state.name === options.current;
      lines.push(
        `  ${dotString(state.name)}${dotAttributes({
          id,
          class: classes,
          peripheries: state.final ? 2 : undefined,
          style: current ? 'rounded,filled,bold' : undefined,
          fillcolor: current ? '#ffd54f' : undefined,
        })}`,
      );
    }
  }
  for (const t of graph.transitions) {
    lines.push(
      `  ${dotString(t.from)} -> ${dotString(t.to)}${dotAttributes({
        id: `${prefix}${t.id}`,
        class: isElseBranch(t) ? 'transition else' : 'transition',
        label: transitionLabel(t, '\n'),
        style: isElseBranch(t) ? 'dashed' : undefined,
      })}`,
    );
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
