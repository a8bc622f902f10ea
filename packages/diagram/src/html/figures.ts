// A diagram on a page: its SVG in a pan/zoom viewport with buttons and keyboard help, its Mermaid
// source folded underneath, and the hover details of its transitions or messages.
import { laneDot } from '../dot-lane.ts';
import { stateDot } from '../dot-state.ts';
import { transitionDetails } from '../labels.ts';
import { laneMermaid } from '../mermaid-lane.ts';
import { stateMermaid } from '../mermaid-state.ts';
import type { LaneDiagram, LaneStep, StateGraph } from '../model.ts';
import type { SvgRenderer } from '../svg.ts';
import { escapeHtml } from './escape.ts';

/** A diagram ready for a page: its `<figure>` and the hover details of its transitions. */
export interface Figure {
  /** A <figure> element. */
  readonly html: string;
  /** Hover text per SVG element id. */
  readonly details: Readonly<Record<string, readonly string[]>>;
}

/** How a figure sits on a page: its key, and the state to highlight. */
export interface FigureOptions {
  /** Unique on the page: prefixes the figure's element ids. */
  readonly key: string;
  /** Highlighted state (an instance's current state). */
  readonly current?: string;
}

/** A state diagram as a page figure (SVG with hover details). */
export function stateFigure(graph: StateGraph, renderer: SvgRenderer, options: FigureOptions): Figure {
  const prefix = `${options.key.replace(/[^A-Za-z0-9_]/g, '_')}_`;
  const svg = renderer.svg(stateDot(graph, { idPrefix: prefix, ...(options.current ? { current: options.current } : {}) }));
  const details = Object.fromEntries(graph.transitions.map((t) => [`${prefix}${t.id}`, transitionDetails(t)]));
  const caption = `State diagram of ${graph.machine}`;
  return { html: figure(options.key, graph.machine, caption, svg, stateMermaid(graph, options.current ? { current: options.current } : {}), false), details };
}

/** A lane diagram as a page figure (SVG with hover details). */
export function laneFigure(diagram: LaneDiagram, renderer: SvgRenderer, options: FigureOptions): Figure {
  const prefix = `${options.key.replace(/[^A-Za-z0-9_]/g, '_')}_`;
  const svg = renderer.svg(laneDot(diagram, { idPrefix: prefix }));
  const details: Record<string, string[]> = {};
  let count = 0;
  const visit = (steps: readonly LaneStep[]) => {
    for (const step of steps) {
      if (step.kind === 'message') {
        details[`${prefix}m${++count}`] = [
          `${step.from} → ${step.to}: ${step.text}`,
          ...(step.conversation ? [`conversation ${step.conversation}`] : []),
          ...(step.details ?? []),
        ];
      } else if (step.kind === 'block') {
        for (const branch of step.branches) visit(branch.steps);
      }
    }
  };
  visit(diagram.steps);
  return { html: figure(options.key, diagram.title, `Lane diagram of ${diagram.title}`, svg, laneMermaid(diagram), true), details };
}

/** The diagram's own height in CSS pixels (Graphviz writes points), so a small diagram gets a small viewport. */
function naturalHeight(svg: string): number | undefined {
  const points = /<svg[^>]*\sheight="([\d.]+)pt"/.exec(svg)?.[1];
  return points ? Math.ceil((Number(points) * 4) / 3) + 16 : undefined;
}

function figure(key: string, title: string, label: string, svg: string, mermaid: string, tall: boolean): string {
  const height = naturalHeight(svg);
  const style = height ? ` style="height: min(${tall ? 85 : 70}vh, ${height}px)"` : '';
  return `<figure class="ef-diagram" id="${escapeHtml(key)}">
<figcaption><strong>${escapeHtml(title)}</strong>
<button type="button" data-zoom="in" aria-label="Zoom in">+</button>
<button type="button" data-zoom="out" aria-label="Zoom out">−</button>
<button type="button" data-zoom="fit" aria-label="Fit to view">Fit</button></figcaption>
<div class="ef-viewport${tall ? ' ef-tall' : ''}"${style} tabindex="0" role="group" aria-label="${escapeHtml(`${label}: arrow keys pan, plus and minus zoom, 0 fits`)}">${svg}</div>
<div class="ef-keys">Drag to pan · Ctrl + wheel or + / − to zoom · 0 to fit · Tab to a transition for its guard and actions</div>
<details><summary>Mermaid source</summary><pre>${escapeHtml(mermaid)}</pre></details>
</figure>`;
}
