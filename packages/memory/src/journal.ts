// The durable half of the memory store: a JSON-lines, append-only log. One line per stored record
// (the last line of a batch carries `"commit":true`, so a batch torn by a crash is dropped whole),
// one line per dispatched mark and one per snapshot. Writes are synchronous and not fsync'd: the log
// survives process restarts, not power loss. One process per file.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { EventFlowError, type RecordRef, type Snapshot, type StoredRecord } from '@eventflow/core';

/** What a log replays into the store, in the order it was written. */
export type JournalEntry =
  | { readonly kind: 'records'; readonly records: readonly StoredRecord[] }
  | { readonly kind: 'dispatched'; readonly aggregate_id: string; readonly seq: number }
  | { readonly kind: 'snapshot'; readonly snapshot: Snapshot };

type Line =
  | { readonly kind: 'record'; readonly commit: boolean; readonly record: StoredRecord }
  | { readonly kind: 'dispatched'; readonly aggregate_id: string; readonly seq: number }
  | { readonly kind: 'snapshot'; readonly snapshot: Snapshot };

const NEWLINE = 0x0a;

export class Journal {
  readonly #fd: number;

  private constructor(fd: number) {
    this.#fd = fd;
  }

  /** Opens (creating it if needed) a log and returns its entries; a torn tail is cut off first. */
  static open(file: string): { journal: Journal; entries: JournalEntry[] } {
    mkdirSync(dirname(file), { recursive: true });
    const entries = existsSync(file) ? load(file) : [];
    return { journal: new Journal(openSync(file, 'a')), entries };
  }

  /** One write for several commits; each commit's last line carries `commit`, so each is loaded whole or not at all. */
  appendCommits(commits: readonly (readonly StoredRecord[])[]): void {
    this.#write(commits.flatMap((records) => records.map((record, i): Line => ({ kind: 'record', commit: i === records.length - 1, record }))));
  }

  appendDispatched(records: readonly RecordRef[]): void {
    this.#write(records.map((ref): Line => ({ kind: 'dispatched', aggregate_id: ref.aggregateId, seq: ref.seq })));
  }

  appendSnapshot(snapshot: Snapshot): void {
    this.#write([{ kind: 'snapshot', snapshot }]);
  }

  close(): void {
    closeSync(this.#fd);
  }

  /** One write call per batch, so the lines of a batch land together. */
  #write(lines: readonly Line[]): void {
    writeSync(this.#fd, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
  }
}

/** Parses a log. Truncates what a crash may have left: a partial last line, an uncommitted batch. */
function load(file: string): JournalEntry[] {
  const bytes = readFileSync(file);
  const entries: JournalEntry[] = [];
  let pending: StoredRecord[] = [];
  let pendingStart = 0;
  let start = 0;
  let lineNumber = 0;
  for (let end = bytes.indexOf(NEWLINE); end !== -1; start = end + 1, end = bytes.indexOf(NEWLINE, start)) {
    lineNumber++;
    const text = bytes.subarray(start, end).toString('utf8');
    if (text.trim() === '') continue;
    const line = parseLine(file, lineNumber, text);
    if (line.kind === 'record') {
      if (pending.length === 0) pendingStart = start;
      pending.push(line.record);
      if (line.commit) {
        entries.push({ kind: 'records', records: pending });
        pending = [];
      }
    } else if (pending.length > 0) {
      throw corrupt(file, lineNumber);
    } else {
      entries.push(line);
    }
  }
  const validLength = pending.length > 0 ? pendingStart : start;
  if (validLength < bytes.length) truncateSync(file, validLength);
  return entries;
}

function parseLine(file: string, lineNumber: number, text: string): Line {
  try {
    const line = JSON.parse(text) as Line;
    if (line.kind === 'record' || line.kind === 'dispatched' || line.kind === 'snapshot') return line;
  } catch (cause) {
    throw corrupt(file, lineNumber, cause);
  }
  throw corrupt(file, lineNumber);
}

function corrupt(file: string, lineNumber: number, cause?: unknown): EventFlowError {
  return new EventFlowError('JOURNAL_CORRUPT', `${file}:${lineNumber}: not an event store journal line`, {
    cause,
    hint: 'Only the last line of a journal may be damaged (a torn write); restore the file or remove the bad line.',
  });
}
