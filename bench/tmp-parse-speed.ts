import { parse, parseOrThrow } from '@eventflow/language';
import { generateFlow } from './src/parser.ts';
const flow = generateFlow(6_000_000, 1000);
const mb = Buffer.byteLength(flow.text) / 1e6;
const mode = process.argv[2] ?? 'both';
const n = Number(process.argv[3] ?? 8);
function run(name: string, fn: () => void) {
  fn(); fn();
  const ts: number[] = [];
  const cs: number[] = [];
  for (let i = 0; i < n; i++) { const c = process.cpuUsage(); const t = performance.now(); fn(); ts.push(performance.now() - t); const d = process.cpuUsage(c); cs.push((d.user + d.system) / 1000); }
  ts.sort((a, b) => a - b);
  cs.sort((a, b) => a - b);
  console.log(`${name}: wall median ${(mb / (ts[n >> 1]! / 1000)).toFixed(2)} MB/s, best ${(mb / (ts[0]! / 1000)).toFixed(2)} MB/s; cpu median ${(mb / (cs[n >> 1]! / 1000)).toFixed(2)} MB/s`);
}
if (mode !== 'throw') run('parse', () => void parse(flow.text, 'generated.flow'));
if (mode !== 'parse') run('parseOrThrow', () => void parseOrThrow(flow.text, 'generated.flow'));
