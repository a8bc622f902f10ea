// A lane diagram as Graphviz DOT: each lane is a column of invisible points joined by a dashed
// lifeline, each step is one row (`rank=same`), and a message is an edge between two points of its
// row. Graphviz does the layout; branches are marked by a `[guard]` row in the lane that decides.
import { DOT_DEFAULTS, dotAttributes, dotString } from './dot-text.ts';
import type { LaneDiagram, LaneMessage, LaneStep } from './model.ts';

/** Options of `laneDot`. */
export interface LaneDotOptions {
  /** Prefix of element ids, so several diagrams can share one page. */
  readonly idPrefix?: string;
}

type Row =
  | { readonly kind: 'message'; readonly message: LaneMessage; readonly id: string }
  | { readonly kind: 'note'; readonly lane: string; readonly text: string; readonly style: 'note' | 'state' | 'branch' | 'heading' };

/** A lane diagram as Graphviz DOT. */
export function laneDot(diagram: LaneDiagram, options: LaneDotOptions = {}): string {
  const prefix = options.idPrefix ?? '';
  const rows = flatten(diagram.steps, { count: 0, prefix });
  const column = new Map(diagram.lanes.map((lane, i) => [lane.id, i]));
  const point = (lane: number, row: number) => `L${lane}_${row}`;
  const lines = [
    `digraph ${dotString(diagram.title)} {`,
    ...DOT_DEFAULTS,
    '  graph [newrank=true nodesep=0.9 ranksep=0.18 splines=line]',
    '  node [shape=point width=0.01 height=0.01 label=""]',
    '  edge [arrowhead=none style=dashed color="#9e9e9e"]',
  ];
  diagram.lanes.forEach((lane, i) => {
    const style = lane.kind === 'actor' ? 'rounded,dashed' : 'rounded,filled';
    lines.push(`  ${point(i, 0)}${dotAttributes({ id: `${prefix}lane_${i}`, class: `lane ${lane.kind}`, shape: 'box', style, fillcolor: '#e3f2fd', label: lane.label, width: 1.1, height: 0.4 })}`);
  });
  lines.push(`  { rank=same; ${diagram.lanes.map((_, i) => point(i, 0)).join(' -> ')} [style=invis] }`);
  rows.forEach((row, r0) => {
    const r = r0 + 1;
    diagram.lanes.forEach((_, i) => lines.push(`  ${point(i, r - 1)} -> ${point(i, r)} [weight=100]`));
    lines.push(`  { rank=same; ${diagram.lanes.map((_, i) => point(i, r)).join(' -> ')} [style=invis] }`);
    if (row.kind === 'message') {
      const m = row.message;
      const text = m.conversation ? `${m.text} (${m.conversation})` : m.text;
      const attributes = { id: row.id, class: m.reply ? 'message reply' : 'message', label: text, constraint: 'false', arrowhead: 'normal', color: '#424242', style: m.reply ? 'dashed' : 'solid' };
      lines.push(`  ${point(column.get(m.from) ?? 0, r)} -> ${point(column.get(m.to) ?? 0, r)}${dotAttributes(attributes)}`);
    } else {
      const shape = row.style === 'state' ? 'box' : row.style === 'heading' ? 'plaintext' : 'note';
      const style = row.style === 'state' ? 'rounded' : row.style === 'branch' ? 'dashed' : undefined;
      lines.push(`  ${point(column.get(row.lane) ?? 0, r)}${dotAttributes({ class: `note ${row.style}`, shape, style, label: row.text, width: 0.3, height: 0.25, fontsize: 10 })}`);
    }
  });
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

interface Counter {
  count: number;
  readonly prefix: string;
}

function flatten(steps: readonly LaneStep[], counter: Counter): Row[] {
  return steps.flatMap((step): Row[] => {
    if (step.kind === 'message') return [{ kind: 'message', message: step, id: `${counter.prefix}m${++counter.count}` }];
    if (step.kind === 'note') {
      const style = step.wide ? 'heading' : step.text.startsWith('#') ? 'state' : 'note';
      return [{ kind: 'note', lane: step.lane, text: step.text, style }];
    }
    return step.branches.flatMap((branch) => {
      const lane = decidingLane(branch.steps);
      const mark: Row[] = step.type === 'alt' && lane ? [{ kind: 'note', lane, text: `[${branch.label}]`, style: 'branch' }] : [];
      return [...mark, ...flatten(branch.steps, counter)];
    });
  });
}

/** The lane whose guard chooses the branch: where the branch's first step happens. */
function decidingLane(steps: readonly LaneStep[]): string | undefined {
  const first = steps[0];
  if (!first) return undefined;
  if (first.kind === 'message') return first.from;
  if (first.kind === 'note') return first.lane;
  return decidingLane(first.branches[0]?.steps ?? []);
}
