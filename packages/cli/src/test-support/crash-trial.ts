// Kill -9 trials of `eventflow run --store`: a real child process runs checkout conversations on the
// file store and the in-process transport and is killed with SIGKILL at a random point (once its
// journal has a random number of lines); a second run on the same file, fed the same lines (same
// event ids), must finish the work. Each trial counts conversations stuck, lines lost and anything
// applied twice. Used by crash.test.ts (a few trials) and scripts/crash-trials.ts (the full count).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { seededRandom, type StoredRecord } from '@eventflow/core';
import { createMemoryStore } from '@eventflow/memory';
import { CHECKOUT_FLOWS, REPO_ROOT } from './cli.ts';

const TSX = pathToFileURL(join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const BIN = join(REPO_ROOT, 'packages/cli/src/bin.ts');

/** Above the bank's card limit (5,000): the payment is declined and the order ends #payment_failed. */
const DECLINED_TOTAL = 6_000;
/** Records each machine's instance ends with in one checkout conversation. */
const RECORDS_PER_INSTANCE: Readonly<Record<string, number>> = { '@order': 4, '@payment': 2, '@bank': 1, '@fraud': 1, '@inventory': 1 };
/** Journal lines a whole run of one checkout writes, about: the kill point is drawn below this. */
const JOURNAL_LINES_PER_CHECKOUT = 14;

/** What one trial found once the restarted run had exited. */
export interface TrialResult {
  readonly trial: number;
  /** The first run was killed (false: it finished before the kill point, which the counts still check). */
  readonly killed: boolean;
  /** The journal lines after which it was killed. */
  readonly killedAfter: number;
  /** Conversations not finished: the order not in its final state with all its records. */
  readonly stuck: number;
  /** Records still in the outbox at the end. */
  readonly undispatched: number;
  /** Input lines with no stored record. */
  readonly lost: number;
  /** Event ids stored twice, and instances or records beyond one conversation's per line. */
  readonly appliedTwice: number;
  /** The restarted run's exit code and what it wrote to stderr, when not 0. */
  readonly restart: { readonly code: number | null; readonly stderr: string };
}

export interface TrialOptions {
  /** Checkouts per trial (default 8). */
  readonly checkouts?: number;
}

/** Runs one trial in a fresh directory; `seed` picks the kill point and the order totals. */
export async function crashTrial(trial: number, seed: number, options: TrialOptions = {}): Promise<TrialResult> {
  const random = seededRandom(seed);
  const checkouts = options.checkouts ?? 8;
  const dir = mkdtempSync(join(tmpdir(), 'eventflow-crash-'));
  const store = join(dir, 'store.jsonl');
  try {
    const lines = Array.from({ length: checkouts }, (_, i) => ({
      id: `checkout-${trial}-${i}`,
      event: ':checkout',
      to: '@order',
      data: { total: random() < 0.25 ? DECLINED_TOTAL : 10 + i, items: [{ sku: 'book', qty: 1 }] },
    }));
    const input = `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`;
    const killAfter = 1 + Math.floor(random() * checkouts * JOURNAL_LINES_PER_CHECKOUT);
    const first = await runEventflow(store, input, { killAfter, extraMs: Math.floor(random() * 5) });
    const second = await runEventflow(store, input);
    const counts = await count(store, lines);
    return { trial, killed: first.killed, killedAfter: killAfter, ...counts, restart: { code: second.code, stderr: second.code === 0 ? '' : second.stderr } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Exit {
  readonly code: number | null;
  readonly killed: boolean;
  readonly stderr: string;
}

/** `eventflow run <checkout flows> --store <file>` with `input` on stdin; with `killAfter`, SIGKILL once the journal has that many lines (then `extraMs` later). */
function runEventflow(store: string, input: string, kill?: { killAfter: number; extraMs: number }): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', TSX, BIN, 'run', CHECKOUT_FLOWS, '--store', store], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.on('error', () => undefined); // a killed child closes its stdin under us
    child.stdin.end(input);
    const watch = kill === undefined ? undefined : setInterval(() => {
      if (killed || journalLines(store) < kill.killAfter) return;
      killed = true;
      clearInterval(watch);
      setTimeout(() => child.kill('SIGKILL'), kill.extraMs);
    }, 1);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearInterval(watch);
      resolve({ code, killed: signal === 'SIGKILL', stderr });
    });
  });
}

function journalLines(file: string): number {
  try {
    const bytes = readFileSync(file);
    let lines = 0;
    for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) lines++;
    return lines;
  } catch {
    return 0; // not written yet
  }
}

/**
 * Reads the journal back through the store and counts what went wrong. An order reaches its final
 * state with four records only once payment (after the bank), fraud and inventory all answered, so
 * an order short of that is a stuck conversation; a record left in the outbox is counted apart.
 */
async function count(file: string, lines: readonly { id: string; data: { total: number } }[]): Promise<Pick<TrialResult, 'stuck' | 'lost' | 'appliedTwice' | 'undispatched'>> {
  const store = createMemoryStore({ file });
  try {
    const streams: StoredRecord[][] = [];
    for (const id of await store.listAggregates()) streams.push(await store.read(id));
    const ids = streams.flat().map((record) => record.event_id);
    let appliedTwice = ids.length - new Set(ids).size;
    for (const machine of Object.keys(RECORDS_PER_INSTANCE)) {
      const instances = streams.filter((stream) => stream[0]?.machine === machine);
      appliedTwice += Math.max(0, instances.length - lines.length);
      for (const stream of instances) appliedTwice += Math.max(0, stream.length - (RECORDS_PER_INSTANCE[machine] as number));
    }
    let stuck = 0;
    let lost = 0;
    for (const line of lines) {
      const checkout = await store.findByEventId(line.id);
      if (checkout === undefined) {
        lost++;
        continue;
      }
      const order = await store.read(checkout.aggregate_id);
      const expected = line.data.total === DECLINED_TOTAL ? '#payment_failed' : '#confirmed';
      if (order.at(-1)?.outcome.state_after !== expected || order.length < (RECORDS_PER_INSTANCE['@order'] as number)) stuck++;
    }
    return { stuck, lost, appliedTwice, undispatched: (await store.undispatched()).length };
  } finally {
    await store.close();
  }
}

/** The counts over many trials. */
export interface TrialTotals {
  readonly trials: number;
  readonly killed: number;
  readonly stuck: number;
  readonly lost: number;
  readonly appliedTwice: number;
  readonly undispatched: number;
  /** Restarted runs that did not exit 0. */
  readonly failedRestarts: number;
}

/** Runs `trials` trials one after another, each seeded from `seed`; `onTrial` sees each result as it comes. */
export async function crashTrials(trials: number, seed: number, onTrial: (result: TrialResult) => void = () => undefined, options: TrialOptions = {}): Promise<TrialTotals> {
  const seeds = seededRandom(seed);
  const totals = { trials, killed: 0, stuck: 0, lost: 0, appliedTwice: 0, undispatched: 0, failedRestarts: 0 };
  for (let trial = 0; trial < trials; trial++) {
    const result = await crashTrial(trial, Math.floor(seeds() * 2 ** 31), options);
    onTrial(result);
    totals.killed += result.killed ? 1 : 0;
    totals.stuck += result.stuck;
    totals.lost += result.lost;
    totals.appliedTwice += result.appliedTwice;
    totals.undispatched += result.undispatched;
    totals.failedRestarts += result.restart.code === 0 ? 0 : 1;
  }
  return totals;
}

/** One line per trial, for people. */
export function describeTrial(result: TrialResult): string {
  const { trial, killed, killedAfter, stuck, lost, appliedTwice, undispatched, restart } = result;
  const kill = killed ? `killed after ${killedAfter} journal lines` : `finished before journal line ${killedAfter}`;
  const failed = restart.code === 0 ? '' : `; restart exited ${restart.code}: ${restart.stderr.trim().split('\n')[0] ?? ''}`;
  return `trial ${trial}: ${kill}; stuck ${stuck}, lost ${lost}, applied twice ${appliedTwice}, undispatched ${undispatched}${failed}`;
}
