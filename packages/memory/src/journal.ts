// The durable half of the memory store: a JSON-lines, append-only log. One line per stored record
// (the last line of a batch carries `"commit":true`, so a batch torn by a crash is dropped whole),
// one line per dispatched mark and one per snapshot. Writes are synchronous and not fsync'd: the log
// survives process restarts, not power loss. One process per file. Opening checks the whole log
// (journal-read.ts) before anything is appended; read-only opens never write.
import { closeSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { EventFlowError, type RecordRef, type Snapshot, type StoredRecord } from '@eventflow/core';
import { invalidAppend } from './batch.ts';
import { readJournal, type JournalEntry } from './journal-read.ts';
import { findCopies } from './line-copies.ts';

export type { JournalEntry } from './journal-read.ts';

export interface JournalOptions {
  /** Open without writing (no folder created, no repair, appends refused). */
  readonly readOnly?: boolean;
  /** Told when the end of the log is cut off (or would be, read-only): what a crash left, and how many bytes. */
  readonly onRepair?: (message: string) => void;
}

export class Journal {
  readonly #fd: number | undefined;

  private constructor(fd: number | undefined) {
    this.#fd = fd;
  }

  /** Opens (creating it if needed, unless read-only) a log and returns its entries; a torn tail is cut off first. */
  static open(file: string, options: JournalOptions = {}): { journal: Journal; entries: JournalEntry[] } {
    const readOnly = options.readOnly === true;
    if (!readOnly) attempt(file, 'create the folder of', () => mkdirSync(dirname(file), { recursive: true }));
    const bytes = attempt(file, 'read', () => readExisting(file, readOnly));
    const contents = readJournal(file, bytes);
    const { leftover } = contents;
    if (readOnly) {
      if (leftover) report(options, `${file}:${leftover.line}: ignored the last ${bytes.length - contents.validLength} bytes, ${leftover.what}; the next run on this store cuts them off.`);
      return { journal: new Journal(undefined), entries: contents.entries };
    }
    const fd = attempt(file, 'append to', () => openSync(file, 'a'));
    if (leftover) {
      ftruncateSync(fd, contents.validLength);
      report(options, `${file}:${leftover.line}: dropped the last ${bytes.length - contents.validLength} bytes, ${leftover.what}.`);
    } else if (contents.needsNewline) {
      writeSync(fd, '\n');
    }
    return { journal: new Journal(fd), entries: contents.entries };
  }

  /** One write for several commits; each commit's last line carries `commit`, so each is loaded whole or not at all. */
  appendCommits(commits: readonly (readonly StoredRecord[])[]): void {
    this.#write(commits.flatMap((records) => records.map((record, i) => recordLine(record, i === records.length - 1))));
  }

  appendDispatched(records: readonly RecordRef[]): void {
    this.#write(records.map((ref) => JSON.stringify({ kind: 'dispatched', aggregate_id: ref.aggregateId, seq: ref.seq })));
  }

  appendSnapshot(snapshot: Snapshot): void {
    this.#write([JSON.stringify({ kind: 'snapshot', snapshot })]);
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
  }

  /** One write call per batch, so the lines of a batch land together. */
  #write(lines: readonly string[]): void {
    if (this.#fd === undefined) throw new EventFlowError('STORE_READ_ONLY', 'This store was opened read-only; nothing can be appended.');
    writeSync(this.#fd, lines.map((line) => `${line}\n`).join(''));
  }
}

/** A record line; a large value the record repeats is written once (line-copies.ts). */
function recordLine(record: StoredRecord, commit: boolean): string {
  let found: ReturnType<typeof findCopies>;
  try {
    found = findCopies(record);
  } catch (error) {
    // A binding's result that JSON cannot hold (a BigInt); nothing is written.
    throw invalidAppend(record.aggregate_id, `record ${record.seq} is not JSON data: ${(error as Error).message}`);
  }
  if ('text' in found) return `{"kind":"record","commit":${commit},"record":${found.text}}`;
  return JSON.stringify({ kind: 'record', commit, record: found.record, copies: found.copies });
}

function readExisting(file: string, readOnly: boolean): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !readOnly) return new Uint8Array(0);
    throw error;
  }
}

function report(options: JournalOptions, message: string): void {
  if (options.onRepair) options.onRepair(message);
  else console.warn(`warning: ${message}`);
}

/** Runs a file-system step; its failure becomes JOURNAL_UNAVAILABLE saying what went wrong and what to do. */
function attempt<T>(file: string, doing: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const [problem, hint] = explain(code, file);
    throw new EventFlowError('JOURNAL_UNAVAILABLE', `Cannot ${doing} the store file ${file}: ${problem}.`, { hint, cause: error });
  }
}

function explain(code: string | undefined, file: string): [string, string] {
  switch (code) {
    case 'ENOENT':
      return ['there is no such file', 'Check the path; only a store that is written to is created when missing.'];
    case 'EISDIR':
      return ['it is a folder', `Give the path of a file inside it, e.g. ${file}/run.jsonl.`];
    case 'EEXIST':
    case 'ENOTDIR':
      return ['a file stands where a folder of the path should be', 'Give a path whose folders are folders (or move the file out of the way).'];
    case 'EACCES':
    case 'EPERM':
      return ['permission denied', 'Check the permissions of the file and its folder; `inspect` only needs to read it, `run` also appends.'];
    case 'EROFS':
      return ['the file system is read-only', 'Copy the store somewhere writable to run on it; `inspect` can read it where it is.'];
    default:
      return [code ?? 'unknown error', 'Check that the path is a readable and writable file.'];
  }
}
