// The fuzz harness with a small budget: every input shape of the hostile-input audit, and mutated
// real .flow files, parse without throwing into well-formed diagnostics, and the tree they give can
// be checked and printed. (scripts/fuzz.ts runs the same shapes at 10 MB and measures them.)
import { describe, expect, test } from 'vitest';
import { check } from './check.ts';
import type { Diagnostic } from './diagnostic.ts';
import { formatDiagnostic } from './format.ts';
import { parse } from './parser.ts';
import { print } from './printer.ts';
import { Source } from './source.ts';
import { corpus, mutate, seeded, SHAPES } from './test-support/hostile-inputs.ts';

/** FUZZ_SEED replays one run (each failure names its seed). */
const FIRST_SEED = Number(process.env['FUZZ_SEED'] ?? 1);

/** Parses `text` and checks everything a hostile input must not break. */
function survives(text: string, name: string): void {
  const source = new Source(text, name);
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source);
  } catch (error) {
    throw new Error(`${name} (FUZZ_SEED replays it): parse threw ${(error as Error).stack}`, { cause: error });
  }
  const { ast, diagnostics } = parsed;
  const lineCount = source.body.split('\n').length;
  for (const d of diagnostics) expectWellFormed(d, source, lineCount);
  expect(() => check(ast)).not.toThrow();
  expect(() => print(ast)).not.toThrow();
}

function expectWellFormed(d: Diagnostic, source: Source, lineCount: number): void {
  expect(d.code).toMatch(/^[a-z-]+$/);
  expect(d.message.length).toBeGreaterThan(0);
  expect(d.loc.file).toBe(source.name);
  expect(d.loc.line).toBeGreaterThanOrEqual(1);
  expect(d.loc.line).toBeLessThanOrEqual(lineCount);
  expect(d.loc.column).toBeGreaterThanOrEqual(1);
  const rendered = formatDiagnostic(d, source).split('\n');
  expect(rendered[0]).toBe(`${source.name}:${d.loc.line}:${d.loc.column}: ${d.severity}: ${d.message}`);
  // A line with text gets its excerpt and a caret under the column.
  if (rendered.length > 1) expect(rendered[2]).toMatch(/^ +\| [ \t]*\^+$/);
}

describe('every input shape of the audit, small', () => {
  test.each(SHAPES.map((shape) => [shape.name, shape] as const))('%s', (_name, shape) => {
    for (let seed = FIRST_SEED; seed < FIRST_SEED + 2; seed++) {
      const size = 2_000 + Math.floor(seeded(seed)() * 40_000);
      survives(shape.make(size, seeded(seed)), `seed-${seed}.flow`);
    }
  });
});

describe('mutated real .flow files', () => {
  const files = corpus();

  test(`${files.length} real files, each mutated 8 ways`, () => {
    expect(files.length).toBeGreaterThan(10);
    let seed = FIRST_SEED;
    for (const file of files) {
      for (let k = 0; k < 8; k++, seed++) {
        const random = seeded(seed);
        survives(mutate(file, random, 1 + Math.floor(random() * 12)), `mutated-${seed}.flow`);
      }
    }
  });
});
