// A/B: original parser (/tmp/orig-language) vs working tree, interleaved, same process.
import * as NEW from '@eventflow/language';
import * as OLD from '/tmp/stage/src/index.ts';
import { generateFlow } from './src/parser.ts';
const flow = generateFlow(6_000_000, 1000);
const mb = Buffer.byteLength(flow.text) / 1e6;
const n = Number(process.argv[2] ?? 25);
const fns: Record<string, () => void> = process.env.THROW ? {
  'old parse': () => void OLD.parse(flow.text, 'g.flow'),
  'new parse': () => void NEW.parse(flow.text, 'g.flow'),
  'old parseOrThrow': () => void OLD.parseOrThrow(flow.text, 'g.flow'),
  'new parseOrThrow': () => void NEW.parseOrThrow(flow.text, 'g.flow'),
} : {
  'old parse': () => void OLD.parse(flow.text, 'g.flow'),
  'new parse': () => void NEW.parse(flow.text, 'g.flow'),
};
const wall: Record<string, number[]> = {};
const cpu: Record<string, number[]> = {};
for (const f of Object.values(fns)) f();
for (let r = 0; r < n; r++) {
  for (const [name, f] of Object.entries(fns)) {
    const c = process.cpuUsage(); const t = performance.now(); f();
    (wall[name] ??= []).push(performance.now() - t);
    const d = process.cpuUsage(c); (cpu[name] ??= []).push((d.user + d.system) / 1000);
  }
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
const min = (a: number[]) => Math.min(...a);
const p25 = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 2]!;
for (const name of Object.keys(fns)) console.log(`${name.padEnd(18)} wall median ${(mb / med(wall[name]!) * 1000).toFixed(2)} p25 ${(mb / p25(wall[name]!) * 1000).toFixed(2)} best ${(mb / min(wall[name]!) * 1000).toFixed(2)} MB/s | cpu median ${(mb / med(cpu[name]!) * 1000).toFixed(2)} MB/s`);
