// Checks one benchmark result is well-formed (never timings): every row names what it compares,
// every figure is positive, and the JSON written and the table printed hold the result.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import { renderTable, writeResult, type BenchResult } from './report.ts';

const positive = (value: number) => Number.isFinite(value) && value > 0;

export function expectWellFormed(result: BenchResult, name: string): void {
  expect(result.name).toBe(name);
  expect(result.scale).toBe('tiny');
  expect(result.machine.cpu).toEqual(expect.any(String));
  expect(result.machine.node).toBe(process.version);
  expect(result.rows.length).toBeGreaterThan(0);
  for (const row of result.rows) {
    expect(row.subject).toEqual(expect.any(String));
    expect(row.baseline).toEqual(expect.any(String));
    expect(row.unit).toEqual(expect.any(String));
    expect(row.ratio_means).toEqual(expect.any(String));
    expect(positive(row.ratio), `${row.subject} vs ${row.baseline}: ratio ${row.ratio}`).toBe(true);
    expect(positive(row.subject_value)).toBe(true);
    expect(positive(row.baseline_value)).toBe(true);
    for (const stats of [row.subject_stats, row.baseline_stats]) {
      if (stats === undefined) continue;
      expect(positive(stats.ops_per_s ?? Number.NaN)).toBe(true);
      expect(Number.isFinite(stats.p50_ms)).toBe(true);
      expect(Number.isFinite(stats.p99_ms)).toBe(true);
    }
    if (row.target) expect(row.target).toEqual({ text: expect.any(String), met: expect.any(Boolean) });
  }
  const dir = pathToFileURL(`${mkdtempSync(join(tmpdir(), 'eventflow-bench-'))}/`);
  const file = writeResult(result, dir);
  expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(JSON.parse(JSON.stringify(result)));
  expect(renderTable(result)).toContain(result.rows[0]?.subject);
}
