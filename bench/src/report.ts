// Results: every row is a subject measured against a baseline from the same process and run.
// Printed as a table, written as bench/results/<name>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import type { Measured } from './rounds.ts';

/** `full` for the report, `quick` for a fast smoke run, `tiny` for the unit test. */
export type Scale = 'full' | 'quick' | 'tiny';

export interface Stats {
  readonly ops_per_s?: number;
  readonly p50_ms?: number;
  readonly p99_ms?: number;
  readonly calls?: number;
  /** What one timed call does, e.g. "50 checkouts (150 events)". */
  readonly call?: string;
}

export interface Target {
  /** As stated in the issue, e.g. ">= 0.2 of hand-written". */
  readonly text: string;
  readonly met: boolean;
}

export interface Row {
  readonly subject: string;
  readonly baseline: string;
  readonly unit: string;
  readonly subject_value: number;
  readonly baseline_value: number;
  readonly ratio: number;
  /** How to read the ratio, e.g. "subject/baseline events/s (higher is better)". */
  readonly ratio_means: string;
  readonly subject_stats?: Stats;
  readonly baseline_stats?: Stats;
  readonly target?: Target;
}

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memory_gib: number;
  readonly node: string;
  readonly v8: string;
  readonly platform: string;
  readonly heap_limit_mib: number;
  readonly gc_exposed: boolean;
  /** 1-minute load average when the result was taken: other processes skew absolute figures (ratios less so). */
  readonly load_avg_1m: number;
}

export interface BenchResult {
  readonly name: string;
  readonly title: string;
  readonly scale: Scale;
  readonly machine: MachineInfo;
  readonly started_at: string;
  readonly duration_s: number;
  readonly config: Readonly<Record<string, unknown>>;
  readonly rows: readonly Row[];
  /** Facts the benchmark verified (e.g. store reads of a warm send), not timings. */
  readonly checks: Readonly<Record<string, unknown>>;
  readonly notes: readonly string[];
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memory_gib: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform}-${process.arch}`,
    heap_limit_mib: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
    gc_exposed: typeof globalThis.gc === 'function',
    load_avg_1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

export function describeMachine(info: MachineInfo = machineInfo()): string {
  return `${info.cpu} (${info.cores} cores, ${info.memory_gib} GiB), Node ${info.node} (V8 ${info.v8}), ${info.platform}, heap limit ${info.heap_limit_mib} MiB, load avg ${info.load_avg_1m}`;
}

/** Stats of a tinybench measurement, for a row. */
export function statsOf(measured: Measured, call: string): Stats {
  return { ops_per_s: measured.ops_per_s, p50_ms: measured.p50_ms, p99_ms: measured.p99_ms, calls: measured.calls, call };
}

/** Starts timing a benchmark; `finish` stamps the result. */
export function startResult(name: string, title: string, scale: Scale, config: Record<string, unknown>) {
  const started = Date.now();
  return (rows: Row[], checks: Record<string, unknown> = {}, notes: string[] = []): BenchResult => ({
    name,
    title,
    scale,
    machine: machineInfo(),
    started_at: new Date(started).toISOString(),
    duration_s: Math.round((Date.now() - started) / 100) / 10,
    config,
    rows,
    checks,
    notes,
  });
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 100_000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  if (abs === 0) return '0';
  return value.toPrecision(3);
}

export function renderTable(result: BenchResult): string {
  const header = ['subject', 'value', 'baseline', 'value', 'ratio', 'p50 / p99 (ms per call)', 'target'];
  const lines = result.rows.map((row) => [
    row.subject,
    `${formatNumber(row.subject_value)} ${row.unit}`,
    row.baseline,
    `${formatNumber(row.baseline_value)} ${row.unit}`,
    formatNumber(row.ratio),
    row.subject_stats?.p50_ms === undefined ? '' : `${formatNumber(row.subject_stats.p50_ms)} / ${formatNumber(row.subject_stats.p99_ms ?? Number.NaN)}`,
    row.target ? `${row.target.met ? 'MET' : 'MISSED'} (${row.target.text})` : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => (line[i] as string).length)));
  const render = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i] as number)).join(' | ').trimEnd();
  const out = [`## ${result.title} (${result.name}, ${result.scale}, ${result.duration_s} s)`, render(header), widths.map((w) => '-'.repeat(w)).join('-|-')];
  for (const line of lines) out.push(render(line));
  for (const [key, value] of Object.entries(result.checks)) out.push(`check ${key}: ${JSON.stringify(value)}`);
  for (const note of result.notes) out.push(`note: ${note}`);
  return out.join('\n');
}

export const RESULTS_DIR = new URL('../results/', import.meta.url);

export function writeResult(result: BenchResult, dir: URL = RESULTS_DIR): string {
  mkdirSync(dir, { recursive: true });
  const file = new URL(`${result.name}.json`, dir);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file.pathname;
}
