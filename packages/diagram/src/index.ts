// @eventflow/diagram: state and lane diagrams of .flow files (and of stored records) as Mermaid text,
// Graphviz-laid-out SVG, and self-contained HTML pages.
export * from './model.ts';
export { stateGraph } from './state-graph.ts';
export { laneFromFlows } from './lane-flows.ts';
export { stateMermaid, type StateRenderOptions } from './mermaid-state.ts';
export { laneMermaid } from './mermaid-lane.ts';
export { transitionLabel, transitionDetails } from './labels.ts';
export { stateDot, type StateDotOptions } from './dot-state.ts';
export { laneDot, type LaneDotOptions } from './dot-lane.ts';
export { createSvgRenderer, type SvgRenderer } from './svg.ts';
export { diagramSet, defaultDiagramType, machinesOf, mermaidTexts, svgTexts, mermaidMarkdown, stem, type DiagramSet, type DiagramType, type NamedText } from './diagram-set.ts';
export { htmlPage, type PageOptions, type PageLink } from './html/page.ts';
export { stateFigure, laneFigure, type Figure, type FigureOptions } from './html/figures.ts';
export { escapeHtml } from './html/escape.ts';
export { loadAssets, type PageAssets } from './html/assets.ts';
export { laneFromRecords, conversationFamily, inStoredOrder, type LaneRecord } from './lane-records.ts';
