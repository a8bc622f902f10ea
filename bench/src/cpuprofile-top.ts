// Prints the functions with the most self time in the newest .cpuprofile of a folder:
// `tsx src/cpuprofile-top.ts results/profiles [count]`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly columnNumber: number };
  readonly hitCount?: number;
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const dir = process.argv[2] ?? 'results/profiles';
const count = Number(process.argv[3] ?? 25);
const newest = readdirSync(dir)
  .filter((name) => name.endsWith('.cpuprofile'))
  .map((name) => join(dir, name))
  .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
if (!newest) throw new Error(`No .cpuprofile in ${dir}`);
const profile = JSON.parse(readFileSync(newest, 'utf8')) as Profile;

const byNode = new Map<number, ProfileNode>(profile.nodes.map((node) => [node.id, node]));
const self = new Map<string, number>();
const byFile = new Map<string, number>();
let total = 0;
const root = process.cwd().replace(/\/bench$/, '');
profile.samples.forEach((id, i) => {
  const node = byNode.get(id);
  const micros = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0;
  if (!node) return;
  const { functionName, url, columnNumber } = node.callFrame;
  const file = url.startsWith('file://') ? relative(root, url.slice('file://'.length)) : url || '(native)';
  // tsx-transformed sources report line 1: name the function (anonymous ones by column).
  const key = `${file}: ${functionName || `(anonymous @${columnNumber})`}`;
  self.set(key, (self.get(key) ?? 0) + micros);
  byFile.set(file, (byFile.get(file) ?? 0) + micros);
  total += micros;
});
const pct = (micros: number) => `${((micros / total) * 100).toFixed(1).padStart(5)}%`;
console.log(`${newest}: ${(total / 1e6).toFixed(2)} s sampled\n\nself time by function:`);
for (const [key, micros] of [...self].sort((a, b) => b[1] - a[1]).slice(0, count)) console.log(`${pct(micros)}  ${key}`);
console.log('\nself time by file:');
for (const [file, micros] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, count)) console.log(`${pct(micros)}  ${file}`);
