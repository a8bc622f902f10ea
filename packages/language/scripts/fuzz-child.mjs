// One fuzz input, parsed in a process of its own so its peak memory is its own: prints one JSON line.
// Uses the built package (dist/), as users run it: no compiler in the process.
import { readFileSync } from 'node:fs';
import { parse } from '../dist/index.js';

const text = readFileSync(process.argv[2], 'utf8');
const wall = performance.now();
const cpu = process.cpuUsage();
const { diagnostics } = parse(text, 'fuzz.flow');
const used = process.cpuUsage(cpu);
const first = diagnostics[0];
console.log(JSON.stringify({
  chars: text.length,
  wallMs: Math.round(performance.now() - wall),
  cpuMs: Math.round((used.user + used.system) / 1000),
  peakMB: Math.round(process.resourceUsage().maxRSS / 1024),
  diagnostics: diagnostics.length,
  first: first ? `${first.code} at ${first.loc.line}:${first.loc.column}` : 'none',
}));
