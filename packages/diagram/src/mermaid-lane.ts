// A lane diagram as a Mermaid `sequenceDiagram`: outside actors as `actor`, machines as `participant`,
// replies dashed, conversations named after each event, branches as `alt` and fan-outs as `par`.
import { identifiers, mermaidText } from './mermaid-text.ts';
import type { LaneDiagram, LaneStep } from './model.ts';

/** A lane diagram as Mermaid `sequenceDiagram` text. */
export function laneMermaid(diagram: LaneDiagram): string {
  const id = identifiers('p_');
  const lines = ['sequenceDiagram', `  %% ${mermaidText(diagram.title)}`];
  for (const lane of diagram.lanes) lines.push(`  ${lane.kind === 'actor' ? 'actor' : 'participant'} ${id(lane.id)} as ${mermaidText(lane.label)}`);
  const first = diagram.lanes[0];
  const last = diagram.lanes[diagram.lanes.length - 1];
  const span = first && last ? (first === last ? id(first.id) : `${id(first.id)},${id(last.id)}`) : '';
  const write = (steps: readonly LaneStep[], indent: string): void => {
    for (const step of steps) {
      if (step.kind === 'message') {
        const text = step.conversation ? `${step.text} (conv ${step.conversation})` : step.text;
        lines.push(`${indent}${id(step.from)}${step.reply ? '-->>' : '->>'}${id(step.to)}: ${mermaidText(text)}`);
      } else if (step.kind === 'note') {
        lines.push(`${indent}Note over ${step.wide ? span : id(step.lane)}: ${mermaidText(step.text)}`);
      } else {
        step.branches.forEach((branch, i) => {
          const opening = step.type === 'alt' && step.branches.length === 1 ? 'opt' : step.type;
          const keyword = i === 0 ? opening : step.type === 'alt' ? 'else' : 'and';
          lines.push(`${indent}${keyword} ${mermaidText(branch.label)}`);
          write(branch.steps, `${indent}  `);
        });
        lines.push(`${indent}end`);
      }
    }
  };
  write(diagram.steps, '  ');
  return `${lines.join('\n')}\n`;
}
