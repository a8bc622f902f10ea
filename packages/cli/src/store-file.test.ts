// `run` and `inspect` on a store file that was edited, damaged or cannot be opened: one message with
// file:line and what to do, exit 2, no stack; `run` appends nothing to a store it cannot replay; a
// torn tail is cut off by `run` (and only reported by `inspect`, which opens read-only).
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECKOUT_FLOWS, cli, jsonLines, REPO_ROOT, tempFlows } from './test-support/cli.ts';

const ORDER = join(CHECKOUT_FLOWS, 'order.flow');
const CHECKOUT = '{"event":":checkout","to":"@order","data":{"total":80}}\n';

/** The lines of a store holding two checkouts: record, record, record, record... (order.flow alone: no replies come). */
let pristine: string[];
beforeAll(async () => {
  const file = join(tempFlows({}), 'run.jsonl');
  const run = await cli(['run', ORDER, '--store', file, '--seed', '5'], { stdin: CHECKOUT + CHECKOUT.replace('80', '90') });
  expect(run.code).toBe(0);
  pristine = readFileSync(file, 'utf8').trimEnd().split('\n');
});

/** A store file holding `lines` in a fresh folder; `run` and `inspect` on it must both refuse it. */
function storeWith(lines: readonly string[], tail = '\n'): string {
  const file = join(tempFlows({}), 'run.jsonl');
  writeFileSync(file, lines.join('\n') + tail);
  return file;
}

/** `pristine` with its `nth` record line (0-based) edited. */
function edited(nth: number, edit: (line: Record<string, any>) => void): string[] {
  const lines = [...pristine];
  const index = lines.map((line, i) => (line.includes('"kind":"record"') ? i : -1)).filter((i) => i >= 0)[nth] as number;
  const line = JSON.parse(lines[index] as string) as Record<string, any>;
  edit(line);
  lines[index] = JSON.stringify(line);
  return lines;
}

/** Both commands refuse the file with exactly `message` (the file shown as run.jsonl), exit 2, no stack, nothing written. */
async function expectRefused(file: string, message: string, hint: string): Promise<void> {
  const before = statSync(file).isFile() ? readFileSync(file) : undefined;
  for (const argv of [['run', ORDER, '--store', file], ['inspect', '--store', file]]) {
    const result = await cli(argv, { stdin: CHECKOUT });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.replaceAll(file, 'run.jsonl')).toBe(`EventFlowError [${message.startsWith('Cannot') ? 'JOURNAL_UNAVAILABLE' : 'JOURNAL_CORRUPT'}]: ${message}\n  Hint: ${hint}\n`);
    if (before) expect(readFileSync(file)).toEqual(before);
  }
}

const restore = (n: number) => `Restore the file from a backup; or, to keep only the records before it, delete line ${n} and every line after it.`;

describe('a store file edited by hand', () => {
  it('a record with fields missing', async () => {
    await expectRefused(storeWith(edited(0, (l) => delete l.record.outcome)), 'run.jsonl:1: the line is not one the store wrote: record.outcome is missing (expected an object).', restore(1));
    await expectRefused(storeWith(edited(1, (l) => delete l.record.event_id)), 'run.jsonl:3: the line is not one the store wrote: record.event_id is missing (expected a non-empty string).', restore(3));
  });

  it('a deleted line', async () => {
    // The first checkout's record goes; the line that marked its outbox dispatched is now line 1.
    const lines = pristine.slice(1);
    const mark = JSON.parse(lines[0] as string) as { kind: string; aggregate_id: string };
    expect(mark.kind).toBe('dispatched');
    await expectRefused(storeWith(lines), `run.jsonl:1: the line marks record 1 of ${mark.aggregate_id} dispatched, but no line before it stores that record.`, restore(1));
  });

  it('a duplicated line', async () => {
    const lines = [...pristine];
    lines.splice(1, 0, lines[0] as string);
    const event = (JSON.parse(lines[0] as string) as { record: { event_id: string } }).record.event_id;
    await expectRefused(storeWith(lines), `run.jsonl:2: the line repeats event ${event}, already stored at line 1.`, `Delete line 2 if it is a copy of line 1; otherwise ${restore(2).replace('R', 'r')}`);
  });

  it('a renumbered line', async () => {
    const last = pristine.findLastIndex((line) => line.includes('"kind":"record"'));
    const lines = edited(1, (l) => (l.record.seq += 5));
    const result = await cli(['run', ORDER, '--store', storeWith(lines)], { stdin: CHECKOUT });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`run\\.jsonl:${last + 1}: the line stores record 6 of order-\\w+, but no line before it stores its record 1: lines are missing\\.\n  Hint: `));
  });
});

describe('a store file that cannot be opened', () => {
  it('a folder (EISDIR)', async () => {
    const folder = join(tempFlows({}), 'runs');
    mkdirSync(folder);
    await expectRefused(folder, 'Cannot read the store file run.jsonl: it is a folder.', 'Give the path of a file inside it, e.g. run.jsonl/run.jsonl.');
  });

  it('a file where a folder should be (EEXIST)', async () => {
    const blocker = join(tempFlows({ 'notes.txt': 'x' }), 'notes.txt');
    const result = await cli(['run', ORDER, '--store', join(blocker, 'run.jsonl')], { stdin: CHECKOUT });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `EventFlowError [JOURNAL_UNAVAILABLE]: Cannot create the folder of the store file ${blocker}/run.jsonl: a file stands where a folder of the path should be.\n  Hint: Give a path whose folders are folders (or move the file out of the way).\n`,
    });
  });
});

describe('a torn tail', () => {
  it('run cuts it off, says how many bytes, and carries on; inspect only reports it', async () => {
    const file = storeWith(pristine);
    const torn = '{"kind":"record","commit":tr';
    appendFileSync(file, torn);
    const before = readFileSync(file);
    const inspected = await cli(['inspect', '--store', file]);
    expect(inspected.code).toBe(0);
    expect(inspected.stderr).toBe(`warning: ${file}:${pristine.length + 1}: ignored the last ${torn.length} bytes, an incomplete last line (a write cut short); the next run on this store cuts them off.\n`);
    expect(readFileSync(file)).toEqual(before);
    const run = await cli(['run', ORDER, '--store', file], { stdin: CHECKOUT });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`warning: ${file}:${pristine.length + 1}: dropped the last ${torn.length} bytes, an incomplete last line (a write cut short).\n`);
    expect(readFileSync(file, 'utf8').startsWith(`${pristine.join('\n')}\n{"kind":"record","commit":`)).toBe(true);
    expect((await cli(['inspect', '--store', file])).stdout).toMatch(/^3 instances stored\n/);
  });
});

// Permissions bind everyone but root, so as root the real binary runs as `nobody`.
describe('permissions (the real binary)', () => {
  const asNobody = process.getuid?.() === 0;
  const tsx = join(REPO_ROOT, 'node_modules/.bin/tsx');
  const bin = join(REPO_ROOT, 'packages/cli/src/bin.ts');
  const eventflow = (args: string[], home: string) =>
    spawnSync(tsx, ['--conditions=source', bin, ...args], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      input: CHECKOUT,
      timeout: 60_000,
      env: { ...process.env, HOME: home, NO_COLOR: '1' },
      ...(asNobody ? { uid: 65534, gid: 65534 } : {}),
    });

  it('inspect reads a store nobody may write; run says permission denied (EACCES), exit 2', () => {
    const dir = tempFlows({});
    chmodSync(dir, 0o755);
    const file = join(dir, 'run.jsonl');
    writeFileSync(file, `${pristine.join('\n')}\n`);
    chmodSync(file, 0o444);
    const inspected = eventflow(['inspect', '--store', file], dir);
    expect({ status: inspected.status, stderr: inspected.stderr }).toEqual({ status: 0, stderr: '' });
    expect(inspected.stdout).toMatch(/^2 instances stored\n/);
    const run = eventflow(['run', ORDER, '--store', file], dir);
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      status: 2,
      stdout: '',
      stderr: `EventFlowError [JOURNAL_UNAVAILABLE]: Cannot append to the store file ${file}: permission denied.\n  Hint: Check the permissions of the file and its folder; \`inspect\` only needs to read it, \`run\` also appends.\n`,
    });
  }, 120_000);
});

describe('payloads on the command line', () => {
  it('data that is not a JSON object within the limits is refused at its line, and nothing is stored', async () => {
    const file = join(tempFlows({}), 'run.jsonl');
    const deep = `{"event":":checkout","to":"@order","data":{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`;
    const stdin = `${deep}\n{"event":":checkout","to":"@order","data":null}\n{"event":":checkout","to":"@order","data":{"note":"${'x'.repeat(1 << 20)}"}}\n`;
    const run = await cli(['run', ORDER, '--store', file], { stdin });
    expect(run.code).toBe(1);
    expect(jsonLines(run.stdout)).toEqual([
      { ok: false, line: 1, error: { code: 'INVALID_PAYLOAD', message: 'data: nesting deeper than 64', hint: expect.stringMatching(/plain JSON/) } },
      { ok: false, line: 2, error: { code: 'INVALID_PAYLOAD', message: 'data: null is not an object (send an object, or no data at all)', hint: expect.any(String) } },
      { ok: false, line: 3, error: { code: 'INVALID_PAYLOAD', message: 'data: larger than 1,048,576 characters as JSON', hint: expect.any(String) } },
    ]);
    expect(readFileSync(file, 'utf8')).toBe('');
  });
});
