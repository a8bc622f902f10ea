// DOT to SVG with Graphviz compiled to WebAssembly (@viz-js/viz): no browser and no native binary.
import { instance } from '@viz-js/viz';

/** Lays out Graphviz DOT as SVG (WebAssembly, no browser). */
export interface SvgRenderer {
  /** The `<svg>` element (no XML prolog, so it can sit inside HTML). Throws when the DOT is invalid. */
  svg(dot: string): string;
}

/** Loading Graphviz takes a moment; make one renderer per command and reuse it. */
export async function createSvgRenderer(): Promise<SvgRenderer> {
  const viz = await instance();
  return {
    svg(dot) {
      const result = viz.render(dot, { format: 'svg' });
      if (result.status !== 'success') {
        throw new Error(`Graphviz could not lay out the diagram: ${result.errors.map((e) => e.message).join('; ')}`);
      }
      return result.output.slice(result.output.indexOf('<svg'));
    },
  };
}
