import v8 from 'node:v8';
import { readFileSync } from 'node:fs';
import { parse } from '@eventflow/language';
import { generateFlow } from './src/parser.ts';
const flow = generateFlow(100_000, 1000);
const r = parse(flow.text, 'g.flow');
(globalThis as any).keep = r;
const snap = JSON.parse(readFileSync(v8.writeHeapSnapshot('/tmp/pp/h3.heapsnapshot'), 'utf8'));
const nf = snap.snapshot.meta.node_fields as string[]; const ef = snap.snapshot.meta.edge_fields as string[];
const ntypes = snap.snapshot.meta.node_types[0] as string[]; const etypes = snap.snapshot.meta.edge_types[0] as string[];
const N = nf.length, E = ef.length; const nodes = snap.nodes as number[]; const edges = snap.edges as number[]; const S = snap.strings as string[];
const parentOf = new Map<number, string[]>();
let e = 0;
for (let i = 0; i < nodes.length; i += N) {
  const ec = nodes[i + nf.indexOf('edge_count')]!;
  const pname = S[nodes[i + nf.indexOf('name')]!]!;
  const ptype = ntypes[nodes[i + nf.indexOf('type')]!]!;
  for (let k = 0; k < ec; k++, e += E) {
    const to = edges[e + ef.indexOf('to_node')]!;
    const et = etypes[edges[e + ef.indexOf('type')]!]!;
    const en = edges[e + ef.indexOf('name_or_index')]!;
    const ename = et === 'element' || et === 'hidden' ? String(en) : S[en];
    const list = parentOf.get(to) ?? []; list.push(`${ptype}:${pname.slice(0, 30)}.${ename}`); parentOf.set(to, list);
  }
}
const counts = new Map<string, number>();
for (let i = 0; i < nodes.length; i += N) {
  if (ntypes[nodes[i + nf.indexOf('type')]!] !== 'concatenated string') continue;
  const p = (parentOf.get(i) ?? ['?']).join(' | ');
  const key = `${S[nodes[i + nf.indexOf('name')]!]!.slice(0, 40)} <- ${p}`;
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
for (const [k, c] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(c, k);
