// Which diagrams a set of flows gets (LANGUAGE.md §7.1): `state` draws one per machine, `lane` one for
// the whole system, `combined` both. Without a choice: lane when several actors take part, else state.
import type { FlowFile, MachineDecl } from '@eventflow/language';
import type { SvgRenderer } from './svg.ts';
import { laneFromFlows } from './lane-flows.ts';
import { laneMermaid } from './mermaid-lane.ts';
import { stateMermaid } from './mermaid-state.ts';
import { laneDot } from './dot-lane.ts';
import { stateDot } from './dot-state.ts';
import type { LaneDiagram, StateGraph } from './model.ts';
import { stateGraph } from './state-graph.ts';

/** Which diagrams to draw: one state diagram per machine, the lanes of the system, or both. */
export type DiagramType = 'state' | 'lane' | 'combined';

/** The diagrams of some flows: state graphs and, for a system, its lanes. */
export interface DiagramSet {
  readonly title: string;
  readonly states: readonly StateGraph[];
  readonly lane?: LaneDiagram;
}

/** One rendered diagram: `name` is a file-name stem (`order.state`, `checkout.lane`). */
export interface NamedText {
  readonly name: string;
  readonly title: string;
  readonly text: string;
}

/** The named machines of some files, each once, in file order. */
export function machinesOf(files: readonly FlowFile[]): MachineDecl[] {
  const seen = new Set<string>();
  return files.flatMap((f) => f.machines).filter((m) => m.name !== '' && !seen.has(m.name) && seen.add(m.name));
}

/** §7.1: lane when several machines take part, state for a single machine. */
export function defaultDiagramType(files: readonly FlowFile[]): DiagramType {
  return machinesOf(files).length > 1 ? 'lane' : 'state';
}

/** The diagrams of parsed files, of the given type. */
export function diagramSet(files: readonly FlowFile[], type: DiagramType, title: string): DiagramSet {
  const states = type === 'lane' ? [] : machinesOf(files).map(stateGraph);
  return { title, states, ...(type === 'state' ? {} : { lane: laneFromFlows(files, title) }) };
}

/** Each diagram of a set as Mermaid text, named for a file. */
export function mermaidTexts(set: DiagramSet): NamedText[] {
  return [
    ...set.states.map((g) => ({ name: `${stem(g.machine)}.state`, title: g.machine, text: stateMermaid(g) })),
    ...(set.lane ? [{ name: `${stem(set.title)}.lane`, title: set.title, text: laneMermaid(set.lane) }] : []),
  ];
}

/** Each diagram of a set as SVG laid out by Graphviz, named for a file. */
export function svgTexts(set: DiagramSet, renderer: SvgRenderer): NamedText[] {
  return [
    ...set.states.map((g) => ({ name: `${stem(g.machine)}.state`, title: g.machine, text: renderer.svg(stateDot(g)) })),
    ...(set.lane ? [{ name: `${stem(set.title)}.lane`, title: set.title, text: renderer.svg(laneDot(set.lane)) }] : []),
  ];
}

/** Several Mermaid diagrams in one Markdown text (GitHub renders each fenced block). */
export function mermaidMarkdown(texts: readonly NamedText[]): string {
  return texts.map((t) => `## ${t.title}\n\n\`\`\`mermaid\n${t.text}\`\`\`\n`).join('\n');
}

/** `@order` -> `order`; a file-name stem made of safe characters. */
export function stem(name: string): string {
  return name.replace(/^@/, '').replace(/[^A-Za-z0-9_.-]+/g, '-') || 'diagram';
}
