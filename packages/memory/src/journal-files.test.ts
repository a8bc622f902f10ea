// A store file that cannot be opened gives JOURNAL_UNAVAILABLE saying why and what to do; a read-only
// open never writes, so it works on a file nobody may write.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createMemoryStore } from './index.ts';
import { record } from './test-support/records.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'eventflow-journal-files-'));
  chmodSync(dir, 0o755);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function failure(open: () => unknown): { code: string; message: string; hint: string } {
  try {
    open();
  } catch (error) {
    const { code, message, hint } = error as { code: string; message: string; hint: string };
    return { code, message: message.replace(dir, '<dir>'), hint: hint.replace(dir, '<dir>') };
  }
  throw new Error('the store opened');
}

async function writeStore(file: string): Promise<void> {
  const store = createMemoryStore({ file });
  await store.append([{ aggregateId: 'a', expectedSeq: 0, records: [record('a', 1, 'e1'), record('a', 2, 'e2')] }]);
  await store.close();
}

describe('a store file that cannot be opened says why', () => {
  test('a folder where the file should be (EISDIR), for writing and for reading', () => {
    mkdirSync(join(dir, 'runs'));
    const expected = {
      code: 'JOURNAL_UNAVAILABLE',
      message: 'Cannot read the store file <dir>/runs: it is a folder.',
      hint: 'Give the path of a file inside it, e.g. <dir>/runs/run.jsonl.',
    };
    expect(failure(() => createMemoryStore({ file: join(dir, 'runs') }))).toEqual(expected);
    expect(failure(() => createMemoryStore({ file: join(dir, 'runs'), readOnly: true }))).toEqual(expected);
  });

  test('a file where a folder of the path should be (EEXIST / ENOTDIR)', () => {
    writeFileSync(join(dir, 'notes.txt'), 'x');
    expect(failure(() => createMemoryStore({ file: join(dir, 'notes.txt', 'run', 'store.jsonl') }))).toEqual({
      code: 'JOURNAL_UNAVAILABLE',
      message: 'Cannot create the folder of the store file <dir>/notes.txt/run/store.jsonl: a file stands where a folder of the path should be.',
      hint: 'Give a path whose folders are folders (or move the file out of the way).',
    });
  });

  test('no file to read (read-only opens create nothing)', () => {
    expect(failure(() => createMemoryStore({ file: join(dir, 'missing', 'store.jsonl'), readOnly: true }))).toEqual({
      code: 'JOURNAL_UNAVAILABLE',
      message: 'Cannot read the store file <dir>/missing/store.jsonl: there is no such file.',
      hint: 'Check the path; only a store that is written to is created when missing.',
    });
    expect(() => statSync(join(dir, 'missing'))).toThrow(/ENOENT/);
  });
});

describe('read-only opens', () => {
  test('read everything, write nothing, refuse appends, and only report a torn tail', async () => {
    const file = join(dir, 'store.jsonl');
    await writeStore(file);
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"kind":"rec`);
    const before = readFileSync(file);
    const notices: string[] = [];
    const store = createMemoryStore({ file, readOnly: true, onRepair: (message) => notices.push(message.replace(dir, '<dir>')) });
    expect((await store.read('a')).map((r) => r.event_id)).toEqual(['e1', 'e2']);
    expect(notices).toEqual(['<dir>/store.jsonl:3: ignored the last 12 bytes, an incomplete last line (a write cut short); the next run on this store cuts them off.']);
    await expect(store.append([{ aggregateId: 'a', expectedSeq: 2, records: [record('a', 3, 'e3')] }])).rejects.toMatchObject({ code: 'STORE_READ_ONLY' });
    await expect(store.markDispatched([{ aggregateId: 'a', seq: 1 }])).resolves.toBeUndefined();
    await store.close();
    expect(readFileSync(file)).toEqual(before);
  });
});

// Permissions bind everyone but root, so as root the checks run in a child process as `nobody`.
const asNobody = process.getuid?.() === 0;
const HERE = dirname(fileURLToPath(import.meta.url));
const TSX = resolve(HERE, '../../../node_modules/.bin/tsx');

/** Opens the store in a child process (as `nobody` when this runs as root); its outcome as one line of JSON. */
function openElsewhere(file: string, readOnly: boolean): { ok: true; records: number } | { ok: false; code: string; message: string } {
  const script = `
    import { createMemoryStore } from ${JSON.stringify(join(HERE, 'index.ts'))};
    try {
      const store = createMemoryStore({ file: ${JSON.stringify(file)}, readOnly: ${readOnly} });
      console.log(JSON.stringify({ ok: true, records: (await store.read('a')).length }));
    } catch (error) {
      console.log(JSON.stringify({ ok: false, code: error.code, message: error.message }));
    }`;
  const scriptFile = join(dir, 'open-store.mts');
  writeFileSync(scriptFile, script);
  const child = spawnSync(TSX, ['--conditions=source', scriptFile], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, HOME: dir },
    ...(asNobody ? { uid: 65534, gid: 65534 } : {}),
  });
  if (child.status !== 0) throw new Error(`the child failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) as string);
}

describe('permissions', () => {
  test('a file nobody may write: read-only opens work, writing opens say permission denied (EACCES)', async () => {
    const file = join(dir, 'store.jsonl');
    await writeStore(file);
    chmodSync(file, 0o444);
    expect(openElsewhere(file, true)).toEqual({ ok: true, records: 2 });
    expect(openElsewhere(file, false)).toEqual({ ok: false, code: 'JOURNAL_UNAVAILABLE', message: `Cannot append to the store file ${file}: permission denied.` });
    chmodSync(file, 0o000);
    expect(openElsewhere(file, true)).toEqual({ ok: false, code: 'JOURNAL_UNAVAILABLE', message: `Cannot read the store file ${file}: permission denied.` });
  }, 120_000);
});
