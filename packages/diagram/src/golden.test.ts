// Golden files: the Mermaid and DOT text for the checkout app and the small fixtures. After a deliberate
// change, `npx vitest run --project unit packages/diagram -u` rewrites them; review the diff.
import { describe, expect, it } from 'vitest';
import { laneDot } from './dot-lane.ts';
import { stateDot } from './dot-state.ts';
import { laneFromFlows } from './lane-flows.ts';
import { laneMermaid } from './mermaid-lane.ts';
import { stateMermaid } from './mermaid-state.ts';
import { stateGraph } from './state-graph.ts';
import { checkoutFlows, fixture } from './test-support/flows.ts';

const checkout = checkoutFlows();
const small = ['loan.flow', 'ping.flow', 'tricky.flow'].map(fixture);

describe('golden diagrams', () => {
  for (const m of checkout.flatMap((f) => f.machines)) {
    it(`checkout ${m.name} state`, async () => {
      const name = m.name.slice(1);
      await expect(stateMermaid(stateGraph(m))).toMatchFileSnapshot(`golden/checkout/${name}.state.mmd`);
      await expect(stateDot(stateGraph(m))).toMatchFileSnapshot(`golden/checkout/${name}.state.dot`);
    });
  }

  it('checkout lane', async () => {
    const lane = laneFromFlows(checkout, 'checkout');
    await expect(laneMermaid(lane)).toMatchFileSnapshot('golden/checkout/checkout.lane.mmd');
    await expect(laneDot(lane)).toMatchFileSnapshot('golden/checkout/checkout.lane.dot');
  });

  for (const file of small) {
    it(`${file.file}: every machine's state diagram and the lane`, async () => {
      const name = file.file.replace(/\.flow$/, '');
      const states = file.machines.map((m) => stateMermaid(stateGraph(m))).join('\n');
      await expect(states).toMatchFileSnapshot(`golden/small/${name}.state.mmd`);
      await expect(laneMermaid(laneFromFlows([file], name))).toMatchFileSnapshot(`golden/small/${name}.lane.mmd`);
    });
  }

  it('highlights an instance’s current state', async () => {
    const order = checkout.flatMap((f) => f.machines).find((m) => m.name === '@order');
    if (!order) throw new Error('no @order');
    await expect(stateMermaid(stateGraph(order), { current: '#processing' })).toMatchFileSnapshot('golden/checkout/order.current.mmd');
  });
});
