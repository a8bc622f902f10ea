// Differential test: original parser (copied to /tmp/orig-language) vs the working tree.
import fc from 'fast-check';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as NEW from '../packages/language/src/index.ts';
import * as OLD from '/tmp/orig-language/src/index.ts';
import { conditionArb, exprArb, flowFileArb, flowTextArb } from '../packages/language/src/test-support/arbitraries.ts';
import { generateFlow } from './src/parser.ts';

function same(a: unknown, b: unknown, path: string): string | undefined {
  if (a === b) return undefined;
  if (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${path}: ${String(a)} !== ${String(b)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array mismatch`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b) && !(Array.isArray(a))) {
    const pa = Object.getPrototypeOf(a), pb = Object.getPrototypeOf(b);
    if (!(pa?.constructor?.name === pb?.constructor?.name)) return `${path}: proto ${pa?.constructor?.name} vs ${pb?.constructor?.name}`;
  }
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.join(',') !== kb.join(',')) return `${path}: keys [${ka}] vs [${kb}]`;
  for (const k of ka) {
    const r = same((a as any)[k], (b as any)[k], `${path}.${k}`);
    if (r) return r;
  }
  return undefined;
}

function outcome(lib: typeof NEW, f: () => unknown): unknown {
  try {
    return { ok: f() };
  } catch (e) {
    if (lib.isFlowSyntaxError(e)) return { err: (e as any).diagnostics, msg: (e as Error).message };
    return { crash: String(e) };
  }
}

let cases = 0;
let failures = 0;
function compareText(text: string, label: string): void {
  cases++;
  const o = OLD.parse(text, 'd.flow');
  const n = NEW.parse(text, 'd.flow');
  const checks: [string, unknown, unknown][] = [
    ['parse', o, n],
    ['check', OLD.check(o.ast), NEW.check(n.ast)],
    ['print', OLD.print(o.ast), NEW.print(n.ast)],
    ['format', OLD.formatDiagnostics(o.diagnostics, new OLD.Source(text, 'd.flow')), NEW.formatDiagnostics(n.diagnostics, new NEW.Source(text, 'd.flow'))],
    ['throw', outcome(OLD, () => OLD.parseOrThrow(text, 'd.flow')), outcome(NEW, () => NEW.parseOrThrow(text, 'd.flow'))],
  ];
  for (const [what, a, b] of checks) {
    const r = same(a, b, what);
    if (r) {
      failures++;
      if (failures < 10) console.log(`DIFF [${label}] ${r}\n--- text ---\n${text.slice(0, 2000)}\n`);
      return;
    }
  }
}
function compareOne(text: string, label: string): void {
  cases++;
  for (const [what, a, b] of [
    ['cond', outcome(OLD, () => OLD.parseCondition(text)), outcome(NEW, () => NEW.parseCondition(text))],
    ['expr', outcome(OLD, () => OLD.parseExpression(text)), outcome(NEW, () => NEW.parseExpression(text))],
    ['exprName', outcome(OLD, () => OLD.parseExpression(text, 'name')), outcome(NEW, () => NEW.parseExpression(text, 'name'))],
  ] as const) {
    const r = same(a, b, what);
    if (r) {
      failures++;
      if (failures < 10) console.log(`DIFF [${label}] ${r}\n--- text ---\n${text}\n`);
      return;
    }
  }
}

const seed = Number(process.env.SEED ?? 42);
const scale = Number(process.env.SCALE ?? 1);
const files = execSync("git ls-files '*.flow'", { cwd: '/work/main' }).toString().trim().split('\n').filter(Boolean);
const texts = files.map((f) => readFileSync(`/work/main/${f}`, 'utf8'));
for (const [k, t] of texts.entries()) compareText(t, files[k]!);
compareText(generateFlow(400_000, 100).text, 'generated');
if (process.env.FULL) compareText(generateFlow(6_000_000, 1000).text, 'generated-full');
for (const t of fc.sample(flowTextArb, { seed, numRuns: 3000 * scale })) compareText(t, 'flowTextArb');
for (const ast of fc.sample(flowFileArb, { seed, numRuns: 600 * scale })) compareText(NEW.print(ast), 'flowFileArb');
// character-level mutations of real files
const rnd = fc.sample(fc.tuple(fc.nat(texts.length - 1), fc.array(fc.tuple(fc.nat(100000), fc.nat(3), fc.constantFrom(' ', '\t', '"', '/', '*', '\\', '\n', '\r\n', '(', ')', '[', ']', '{', '}', ',', ':', '?', '|', '=', '#', '@', '$', '^', '-', '.', 'é', '\u0000', 'and', 'or', 'not', 'is', 'with', 'x', '1', '  ')), { minLength: 1, maxLength: 6 })), { seed, numRuns: 3000 * scale });
for (const [fi, edits] of rnd) {
  let t = texts[fi]!;
  for (const [pos, op, s] of edits) {
    const p = pos % (t.length + 1);
    t = op === 0 ? t.slice(0, p) + t.slice(p + 1) : op === 1 ? t.slice(0, p) + s + t.slice(p + 1) : t.slice(0, p) + s + t.slice(p);
  }
  compareText(t, `mutated ${files[fi]}`);
}
for (const c of fc.sample(conditionArb(3), { seed, numRuns: 1500 * scale })) compareOne(NEW.printCondition(c), 'conditionArb');
for (const e of fc.sample(exprArb('word', 3), { seed, numRuns: 1500 * scale })) compareOne(NEW.printExpr(e), 'exprArb');
for (const s of fc.sample(fc.array(fc.constantFrom('$a', '@b.c', '#s', ':e', '(', ')', '[', ']', '{', '}', ',', ':', 'and', 'or', 'not', 'is', 'in', 'between', 'greater', 'than', 'at', 'least', 'equals', 'contains', 'empty', '>', '<=', '==', '!=', '+', '-', '*', '/', '1', '"s"', '"\\u00e9"', '"\\q"', 'x', 'f(', 'true', 'null', 'current_state'), { maxLength: 12 }).map((a) => a.join(' ')), { seed, numRuns: 4000 * scale })) compareOne(s, 'tokens');
console.log(`${cases} cases, ${failures} differences`);
process.exitCode = failures > 0 ? 1 : 0;
