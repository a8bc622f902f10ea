// SVG through Graphviz (WebAssembly, no browser) and the self-contained HTML page around it.
import { beforeAll, describe, expect, it } from 'vitest';
import { laneFigure, stateFigure } from './html/figures.ts';
import { htmlPage } from './html/page.ts';
import { laneFromFlows } from './lane-flows.ts';
import { stateGraph } from './state-graph.ts';
import { createSvgRenderer, type SvgRenderer } from './svg.ts';
import { checkoutFlows, machine } from './test-support/flows.ts';

let renderer: SvgRenderer;
beforeAll(async () => {
  renderer = await createSvgRenderer();
});

const flows = checkoutFlows();

describe('SVG', () => {
  it('lays out the order state diagram with an element per state and per transition', () => {
    const graph = stateGraph(machine(flows, '@order'));
    const figure = stateFigure(graph, renderer, { key: 'order', current: '#processing' });
    expect(figure.html).toMatch(/^<figure class="ef-diagram" id="order">/);
    for (const state of ['#processing', '#confirmed', '#cancelled']) expect(figure.html).toContain(`>${state}</text>`);
    for (const id of Object.keys(figure.details)) expect(figure.html).toContain(`id="${id}"`);
    expect(Object.keys(figure.details)).toHaveLength(graph.transitions.length);
    expect(figure.html).toMatch(/class="node state current"/);
    expect(figure.details['order_t2']).toEqual([
      ':payment_success from @payment: #processing → #confirmed',
      '? $payment_ok and $fraud_ok and $stock_ok',
      'does $payment_ok becomes true',
      'emits :order_confirmed → @customer',
      'order.flow:22:3',
    ]);
  });

  it('lays out the lane diagram with one element per message, hover details matching', () => {
    const figure = laneFigure(laneFromFlows(flows, 'checkout'), renderer, { key: 'lane' });
    const ids = Object.keys(figure.details);
    expect(ids.length).toBeGreaterThanOrEqual(20);
    for (const id of ids) expect(figure.html).toContain(`id="${id}"`);
    expect(figure.details['lane_m2']).toEqual(['@order → @payment: :payment_request', 'conversation A']);
    expect(figure.html).toContain('>@customer</text>');
  });

  it('reports DOT Graphviz cannot read instead of drawing nothing', () => {
    expect(() => renderer.svg('digraph { a -> }')).toThrow(/Graphviz could not lay out the diagram/);
  });
});

describe('htmlPage', () => {
  it('inlines its script, styles and data: nothing is fetched from a network', () => {
    const figure = stateFigure(stateGraph(machine(flows, '@bank')), renderer, { key: 'bank' });
    const html = htmlPage({ title: 'bank </title>', body: figure.html, details: figure.details, nav: [{ href: '#bank', label: 'Bank' }] });
    expect(html).toContain('<title>bank &lt;/title&gt;</title>');
    expect(html).not.toMatch(/<script[^>]+src=|<link\b|@import|url\(\s*['"]?https?:/i);
    expect(html).toMatch(/<script>[\s\S]{1000,}<\/script>/);
    expect(html).toMatch(/<style>[\s\S]*prefers-color-scheme: ?dark[\s\S]*<\/style>/);
    const data = /<script type="application\/json" id="ef-details">([^<]*)<\/script>/.exec(html)?.[1];
    expect(JSON.parse(data ?? '{}')).toEqual(figure.details);
  });

  it('keeps text from the flows out of the markup', () => {
    const html = htmlPage({ title: 't', body: '', details: { x: ['</script><script>alert(1)</script>'] } });
    expect(html).not.toContain('</script><script>alert(1)');
  });
});
