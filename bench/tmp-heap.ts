import v8 from 'node:v8';
import { readFileSync } from 'node:fs';
import { parse } from '@eventflow/language';
import { generateFlow } from './src/parser.ts';
const flow = generateFlow(1_000_000, 1000);
function summary(): Map<string, [number, number]> {
  const file = v8.writeHeapSnapshot('/tmp/pp/h.heapsnapshot');
  const snap = JSON.parse(readFileSync(file, 'utf8'));
  const f = snap.snapshot.meta.node_fields as string[];
  const types = snap.snapshot.meta.node_types[0] as string[];
  const n = f.length; const nodes = snap.nodes as number[]; const strings = snap.strings as string[];
  const out = new Map<string, [number, number]>();
  for (let i = 0; i < nodes.length; i += n) {
    const type = types[nodes[i + f.indexOf('type')]!]!;
    let name = strings[nodes[i + f.indexOf('name')]!]!;
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string') name = type;
    if (type === 'object') name = 'obj:' + name.slice(0, 60);
    const key = `${type}|${name}`;
    const e = out.get(key) ?? [0, 0]; e[0]++; e[1] += nodes[i + f.indexOf('self_size')]!; out.set(key, e);
  }
  return out;
}
const a = summary();
const r = parse(flow.text, 'g.flow');
const b = summary();
(globalThis as any).keep = r;
const rows = [...b].map(([k, [c, s]]) => [k, c - (a.get(k)?.[0] ?? 0), s - (a.get(k)?.[1] ?? 0)] as const).filter((x) => x[2] > 10000).sort((x, y) => y[2] - x[2]);
let total = 0; for (const r of rows) total += r[2];
console.log('handlers', flow.handlers, 'total', total);
for (const [k, c, s] of rows.slice(0, 30)) console.log(String(s).padStart(10), String(c).padStart(8), (s / flow.handlers).toFixed(0).padStart(6), k);
