import v8 from 'node:v8';
import { readFileSync } from 'node:fs';
import { parse } from '@eventflow/language';
import { generateFlow } from './src/parser.ts';
const flow = generateFlow(300_000, 1000);
const r = parse(flow.text, 'g.flow');
(globalThis as any).keep = r;
const file = v8.writeHeapSnapshot('/tmp/pp/h2.heapsnapshot');
const snap = JSON.parse(readFileSync(file, 'utf8'));
const f = snap.snapshot.meta.node_fields as string[];
const types = snap.snapshot.meta.node_types[0] as string[];
const n = f.length; const nodes = snap.nodes as number[]; const strings = snap.strings as string[];
const hist = new Map<string, number>();
for (let i = 0; i < nodes.length; i += n) {
  const type = types[nodes[i + f.indexOf('type')]!]!;
  const name = strings[nodes[i + f.indexOf('name')]!]!;
  const size = nodes[i + f.indexOf('self_size')]!;
  const key = type === 'array' && name === '(object elements)' ? `elements ${size}` : type === 'hidden' ? `hidden ${name} ${size}` : type === 'object' && name === 'Object' ? `Object ${size}` : '';
  if (key) hist.set(key, (hist.get(key) ?? 0) + 1);
}
console.log('handlers', flow.handlers);
for (const [k, c] of [...hist].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(String(c).padStart(8), (c / flow.handlers).toFixed(2).padStart(6), k);
