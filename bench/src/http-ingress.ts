// 9. HTTP ingress: POST /order/checkout against `eventflow serve apps/checkout` (memory adapters,
// default settings: request logs, spans, auth and validation checks) vs a minimal Hono app whose
// route calls runtime.send directly (http-baseline-server.ts). Both run as their own Node process
// started the same way (node --import tsx), a fresh one per contender and round; autocannon loads
// them from this process. Per round: requests/s with 10 connections, then mean and p99 latency at 1,000 req/s.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startResult, type BenchResult, type Row, type Scale } from './report.ts';

interface Sizes {
  readonly rounds: number;
  /** Seconds of the throughput run, and of the fixed-rate run. */
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  readonly rate: number;
  /** Runs of this many requests instead of `seconds`: on a loaded machine a fresh server may answer none in one second. */
  readonly requests?: number;
}

export const HTTP_INGRESS: Record<Scale, Sizes> = {
  full: { rounds: 6, seconds: 8, warmupSeconds: 2, connections: 10, rate: 1_000 },
  quick: { rounds: 2, seconds: 3, warmupSeconds: 1, connections: 10, rate: 1_000 },
  tiny: { rounds: 1, seconds: 1, warmupSeconds: 0, connections: 2, rate: 100, requests: 50 },
};

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FLOWS = fileURLToPath(new URL('../../apps/checkout/flows', import.meta.url));
const BODY = JSON.stringify({ total: 120, items: [{ sku: 'book', qty: 1 }] });
const SUBJECT = 'eventflow serve (memory adapters)';
const BASELINE = 'minimal Hono route calling runtime.send';

interface Server {
  readonly url: string;
  /** CPU seconds the server process has used so far (Linux /proc; NaN elsewhere). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

interface Sample {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly rateP50: number;
  readonly rateP99: number;
  /** Mean latency at the fixed rate: autocannon's percentiles are whole milliseconds, so a fast
   * baseline's p50 can be 0 and no ratio; the mean keeps its fraction. */
  readonly rateMean: number;
  readonly failures: number;
  /** Server CPU per request of the throughput run, ms: less moved by other load on the machine than requests/s. */
  readonly cpuMs: number;
}

const CONTENDERS: Record<string, string[]> = {
  [SUBJECT]: [fileURLToPath(new URL('../../packages/cli/bin/eventflow.js', import.meta.url)), 'serve', 'apps/checkout', '--port', '0'],
  [BASELINE]: [fileURLToPath(new URL('./http-baseline-server.ts', import.meta.url)), FLOWS],
};

/** Servers still running: killed if this process ends first (a timed-out smoke test must not leave them behind). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

async function start(name: string): Promise<Server> {
  // Logs go to a file, as a container runtime would take them: a pipe read by this busy process would stall the server.
  const log = join(mkdtempSync(join(tmpdir(), 'efbench-http-')), 'server.log');
  const out = openSync(log, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', ...(CONTENDERS[name] as string[])], { cwd: ROOT, stdio: ['ignore', out, 'inherit'], env: { ...process.env, NO_COLOR: '1' } });
  closeSync(out);
  running.add(child);
  child.once('exit', () => running.delete(child));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before it started`))));
  exited.catch(() => undefined);
  const started = async (): Promise<string> => {
    for (;;) {
      const line = readFileSync(log, 'utf8').split('\n').find((l) => l.includes('"msg":"started"'));
      if (line) return JSON.parse(line).url;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const url = await Promise.race([started(), exited]);
  return { url, cpuSeconds: () => cpuSecondsOf(child.pid), stop: () => stop(child).then(() => rmSync(dirname(log), { recursive: true, force: true })) };
}

/** utime + stime of a process, from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 1/100 s). */
function cpuSecondsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function load(url: string, sizes: Sizes, seconds: number, rate?: number): Promise<autocannon.Result> {
  const length = sizes.requests === undefined ? { duration: seconds } : { amount: sizes.requests };
  return autocannon({ url: `${url}/order/checkout`, method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY, connections: sizes.connections, ...length, ...(rate ? { overallRate: rate } : {}) });
}

async function sample(name: string, sizes: Sizes): Promise<Sample> {
  const server = await start(name);
  try {
    if (sizes.warmupSeconds > 0) await load(server.url, sizes, sizes.warmupSeconds);
    const cpuBefore = server.cpuSeconds();
    const full = await load(server.url, sizes, sizes.seconds);
    const cpuMs = ((server.cpuSeconds() - cpuBefore) * 1000) / Math.max(1, full.requests.total);
    const paced = await load(server.url, sizes, sizes.seconds, sizes.rate);
    const failures = full.errors + full.timeouts + full.non2xx + paced.errors + paced.timeouts + paced.non2xx;
    return { rps: full.requests.total / full.duration, p50: full.latency.p50, p99: full.latency.p99, rateP50: paced.latency.p50, rateP99: paced.latency.p99, rateMean: paced.latency.mean, failures, cpuMs };
  } finally {
    await server.stop();
  }
}

const runLength = (sizes: Sizes) => (sizes.requests === undefined ? `${sizes.seconds} s` : `${sizes.requests} requests`);

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

export async function runHttpIngress(scale: Scale): Promise<BenchResult> {
  const sizes = HTTP_INGRESS[scale];
  const finish = startResult('http-ingress', 'HTTP ingress: eventflow serve vs a minimal Hono route calling runtime.send (memory adapters)', scale, { ...sizes, body: BODY });
  const samples: Record<string, Sample[]> = { [SUBJECT]: [], [BASELINE]: [] };
  for (let round = 0; round < sizes.rounds; round++) {
    // Alternate who goes first, so drift of the machine hits both alike.
    const order = round % 2 === 0 ? [SUBJECT, BASELINE] : [BASELINE, SUBJECT];
    for (const name of order) (samples[name] as Sample[]).push(await sample(name, sizes));
  }
  const pick = (name: string, key: keyof Sample) => median((samples[name] as Sample[]).map((s) => s[key]));
  const ratios = (samples[SUBJECT] as Sample[]).map((s, i) => s.rps / ((samples[BASELINE] as Sample[])[i] as Sample).rps);
  const stats = (name: string) => ({ ops_per_s: pick(name, 'rps'), p50_ms: pick(name, 'p50'), p99_ms: pick(name, 'p99'), calls: sizes.rounds, call: `${runLength(sizes)} of POST /order/checkout, ${sizes.connections} connections` });
  const paced = (name: string) => ({ ops_per_s: sizes.rate, p50_ms: pick(name, 'rateP50'), p99_ms: pick(name, 'rateP99'), calls: sizes.rounds, call: `${runLength(sizes)} at ${sizes.rate} req/s` });
  const latencyRow = (label: string, key: 'rateMean' | 'rateP99', target?: Row['target']): Row => ({
    subject: `${SUBJECT}, ${label} at ${sizes.rate} req/s`,
    baseline: `${BASELINE}, ${label} at ${sizes.rate} req/s`,
    unit: 'ms',
    subject_value: pick(SUBJECT, key),
    baseline_value: pick(BASELINE, key),
    ratio: pick(SUBJECT, key) / pick(BASELINE, key),
    ratio_means: `subject/baseline ${label} latency at a fixed rate (lower is better; ${target ? 'the target is on the subject alone' : 'no target'})`,
    subject_stats: paced(SUBJECT),
    baseline_stats: paced(BASELINE),
    ...(target ? { target } : {}),
  });
  const rows: Row[] = [
    {
      subject: SUBJECT,
      baseline: BASELINE,
      unit: 'req/s',
      subject_value: pick(SUBJECT, 'rps'),
      baseline_value: pick(BASELINE, 'rps'),
      ratio: median(ratios),
      ratio_means: 'subject/baseline requests/s (higher is better); median of the per-round ratios',
      subject_stats: stats(SUBJECT),
      baseline_stats: stats(BASELINE),
      target: { text: '>= 0.8 of the minimal Hono app', met: median(ratios) >= 0.8 },
    },
    latencyRow('p99', 'rateP99', { text: `p99 <= 10 ms at ${sizes.rate} req/s`, met: pick(SUBJECT, 'rateP99') <= 10 }),
    latencyRow('mean', 'rateMean'),
  ];
  if (Number.isFinite(pick(SUBJECT, 'cpuMs'))) {
    rows.push({
      subject: `${SUBJECT}, server CPU per request`,
      baseline: `${BASELINE}, server CPU per request`,
      unit: 'ms',
      subject_value: pick(SUBJECT, 'cpuMs'),
      baseline_value: pick(BASELINE, 'cpuMs'),
      ratio: median((samples[SUBJECT] as Sample[]).map((s, i) => s.cpuMs / ((samples[BASELINE] as Sample[])[i] as Sample).cpuMs)),
      ratio_means: 'subject/baseline CPU ms per request of the throughput run (lower is better; no target): the cost of the HTTP layer, little moved by other load',
    });
  }
  const checks = {
    failed_requests: Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, list.reduce((sum, s) => sum + s.failures, 0)])),
    rps_per_round: Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, list.map((s) => Math.round(s.rps))])),
    cpu_ms_per_request_per_round: Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, list.map((s) => Math.round(s.cpuMs * 1000) / 1000)])),
    p99_ms_at_rate_per_round: Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, list.map((s) => s.rateP99)])),
  };
  const notes = [
    'Each contender is a fresh Node process per round (node --import tsx; serve loads the built CLI, the baseline loads the built packages), loaded by autocannon from the benchmark process: the two share the 2 cores the same way.',
    'serve runs with its defaults: a pino request log line per request (both write stdout to a file), a span per request (no SDK: the no-op tracer), nosniff, the body limit, JSON and id checks, the payload rules of :checkout.',
    'Each :checkout starts three conversations (payment -> bank, fraud, inventory) handled in the same process: the figures include that work on both sides.',
    'autocannon reports latency percentiles in whole milliseconds.',
    `Load average of the machine when it started: ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores. Other processes shift requests/s and latency a lot; server CPU per request much less.`,
  ];
  return finish(rows, checks, notes);
}
