// @vitest-environment happy-dom
// Every Mermaid text we write parses with Mermaid's own parser (the `mermaid` package's `parse`, which
// covers stateDiagram-v2 and sequenceDiagram; @mermaid-js/parser does not). Mermaid's sanitizer needs a
// DOM, so this file runs in happy-dom; nothing is rendered.
import mermaid from 'mermaid';
import { describe, expect, it } from 'vitest';
import { laneFromFlows } from './lane-flows.ts';
import { laneMermaid } from './mermaid-lane.ts';
import { stateMermaid } from './mermaid-state.ts';
import { stateGraph } from './state-graph.ts';
import { checkoutFlows, fixture } from './test-support/flows.ts';

const files = [...checkoutFlows(), ...['loan.flow', 'ping.flow', 'tricky.flow'].map(fixture)];

async function diagramType(text: string): Promise<string> {
  const result = await mermaid.parse(text);
  if (!result) throw new Error('mermaid.parse returned false');
  return result.diagramType;
}

describe('Mermaid output parses with Mermaid', () => {
  it('rejects broken text (the check can fail)', async () => {
    await expect(diagramType('stateDiagram-v2\n  a -> --> b ::: x\n')).rejects.toThrow(/Parse error/);
    await expect(diagramType('sequenceDiagram\n  a->>: \n  end\n')).rejects.toThrow();
  });

  for (const m of files.flatMap((f) => f.machines)) {
    it(`state diagram of ${m.name}`, async () => {
      expect(await diagramType(stateMermaid(stateGraph(m)))).toBe('stateDiagram');
      expect(await diagramType(stateMermaid(stateGraph(m), { current: stateGraph(m).states[1]?.name ?? '' }))).toBe('stateDiagram');
    });
  }

  it('lane diagram of the checkout system and of each fixture', async () => {
    expect(await diagramType(laneMermaid(laneFromFlows(checkoutFlows(), 'checkout')))).toBe('sequence');
    for (const name of ['loan.flow', 'ping.flow', 'tricky.flow']) expect(await diagramType(laneMermaid(laneFromFlows([fixture(name)], name)))).toBe('sequence');
  });
});
