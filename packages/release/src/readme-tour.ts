// The README's five-minute tour as files a user would write: its flow block, its bindings block,
// and its running + time-travel blocks joined by the few lines the README leaves out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './workspaces.ts';

interface Block {
  readonly lang: string;
  readonly code: string;
}

function tourBlocks(readme: string): Block[] {
  const start = readme.indexOf('## A five-minute tour');
  if (start < 0) throw new Error('README.md has no "## A five-minute tour" section');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, code: m[2]! }));
}

function block(blocks: readonly Block[], lang: string, marker: string): string {
  const found = blocks.find((b) => b.lang === lang && b.code.includes(marker));
  if (!found) throw new Error(`README.md's tour has no \`\`\`${lang} block containing "${marker}"`);
  return found.code;
}

// No node: import in the glue: Deno type-checks those only with @types/node installed.
const GLUE_BEFORE = `// The README's five-minute tour: its code blocks, joined by the lines it leaves out.
import paymentBindings from './payment.bindings.ts';
import { source } from './shop-flow.ts';
`;

const GLUE_AFTER = `
const host = globalThis as { Deno?: { version: { deno: string } }; Bun?: { version: string }; process?: { versions: { node: string } } };
const where = host.Deno ? \`deno \${host.Deno.version.deno}\` : host.Bun ? \`bun \${host.Bun.version}\` : \`node \${host.process?.versions.node}\`;
const now = await runtime.state(aggregate_id);
const first = await runtime.state(aggregate_id, { atSeq: 1 });
const records = await runtime.history(aggregate_id);
console.log(JSON.stringify({ runtime: where, state: now.state, atSeq1: first.state, records: records.length }));
await runtime.close();
`;

/** File name -> contents: shop.flow (and shop-flow.ts), payment.bindings.ts, tour.ts, the conformance line. */
export function readmeTour(readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')): Record<string, string> {
  const blocks = tourBlocks(readme);
  const flow = block(blocks, 'flow', 'machine: @order');
  return {
    'shop.flow': flow,
    'shop-flow.ts': `// shop.flow, as a string the tour can import on every runtime.\nexport const source = ${JSON.stringify(flow)};\n`,
    'payment.bindings.ts': block(blocks, 'ts', 'defineBindings('),
    'tour.ts': `${GLUE_BEFORE}\n${block(blocks, 'ts', 'createRuntime(')}\n${block(blocks, 'ts', 'atSeq')}${GLUE_AFTER}`,
    'conformance-readme.ts': block(blocks, 'ts', 'storeConformance('),
  };
}
