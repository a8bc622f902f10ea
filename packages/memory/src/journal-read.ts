// Reads a journal's bytes into the entries the store replays, and checks that they can be replayed:
// each line's shape, seqs without gaps or repeats per aggregate, event ids stored once, outbox marks
// and snapshots that refer to records before them. Anything else is JOURNAL_CORRUPT at `file:line`,
// with what to do. Only what a crash can leave at the end (an incomplete last line, a batch whose
// committing line never came) is not an error: it is cut off, and reported.
import { EventFlowError, type Snapshot, type StoredRecord } from '@eventflow/core';
import { checkLine, ShapeProblem } from './journal-shape.ts';
import { restoreCopies } from './line-copies.ts';

/** What a log replays into the store, in the order it was written. */
export type JournalEntry =
  | { readonly kind: 'records'; readonly records: readonly StoredRecord[] }
  | { readonly kind: 'dispatched'; readonly aggregate_id: string; readonly seq: number }
  | { readonly kind: 'snapshot'; readonly snapshot: Snapshot };

type Line =
  | { readonly kind: 'record'; readonly commit: boolean; readonly record: StoredRecord; readonly copies?: unknown }
  | { readonly kind: 'dispatched'; readonly aggregate_id: string; readonly seq: number }
  | { readonly kind: 'snapshot'; readonly snapshot: Snapshot };

export interface JournalContents {
  readonly entries: JournalEntry[];
  /** Bytes worth keeping: what follows is a crash's leftover. */
  readonly validLength: number;
  /** What the leftover was, for the message (absent when there is none). */
  readonly leftover?: { readonly line: number; readonly bytes: number; readonly what: string };
  /** The last line is complete but has no line break (an editor may drop it): one must be added before appending. */
  readonly needsNewline: boolean;
}

const NEWLINE = 0x0a;


export function readJournal(file: string, bytes: Uint8Array): JournalContents {
  const reader = new JournalReader(file);
  let start = 0;
  let lineNumber = 0;
  for (let end = bytes.indexOf(NEWLINE); start < bytes.length; start = end + 1, end = bytes.indexOf(NEWLINE, start)) {
    lineNumber++;
    const last = end === -1;
    const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, (last ? bytes.length : end) - start).toString('utf8');
    if (text.trim() !== '') {
      const line = reader.parse(lineNumber, text, last);
      if (line === undefined) {
        return reader.finish(start, { line: lineNumber, bytes: bytes.length - start, what: 'an incomplete last line (a write cut short)' }, false);
      }
      reader.add(lineNumber, start, line);
    }
    if (last) return reader.finish(bytes.length, undefined, true);
  }
  return reader.finish(bytes.length, undefined, false);
}

class JournalReader {
  readonly #file: string;
  readonly #entries: JournalEntry[] = [];
  /** Records of a batch whose committing line has not come yet. */
  #pending: StoredRecord[] = [];
  #pendingStart = 0;
  #pendingLine = 0;
  /** Per aggregate: its last seq and the line that stored it. */
  readonly #streams = new Map<string, { seq: number; line: number }>();
  /** Per event id: the line that stored it. */
  readonly #eventLines = new Map<string, number>();

  constructor(file: string) {
    this.#file = file;
  }

  /** The line's content; undefined for an unreadable last line without a line break (a torn write). */
  parse(lineNumber: number, text: string, last: boolean): Line | undefined {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      if (last) return undefined;
      throw this.#corrupt(lineNumber, 'is not JSON', undefined, cause);
    }
    try {
      const line = value as Line;
      if (line !== null && typeof line === 'object' && line.kind === 'record' && line.copies !== undefined) restoreCopies(line.record, line.copies);
      checkLine(value);
      return line;
    } catch (problem) {
      if (problem instanceof ShapeProblem || problem instanceof TypeError) throw this.#corrupt(lineNumber, `is not one the store wrote: ${problem.message}`);
      throw problem;
    }
  }

  add(lineNumber: number, start: number, line: Line): void {
    if (line.kind === 'record') return this.#addRecord(lineNumber, start, line.record, line.commit);
    if (this.#pending.length > 0) {
      throw this.#corrupt(lineNumber, `interrupts the batch that starts at line ${this.#pendingLine} (its last record, marked "commit": true, never came)`);
    }
    if (line.kind === 'dispatched') {
      const stream = this.#streams.get(line.aggregate_id);
      if (stream === undefined || stream.seq < line.seq) {
        throw this.#corrupt(lineNumber, `marks record ${line.seq} of ${line.aggregate_id} dispatched, but no line before it stores that record`);
      }
      this.#entries.push(line);
    } else {
      const { aggregate_id: id, seq } = line.snapshot;
      const stored = this.#streams.get(id)?.seq ?? 0;
      if (stored < seq) throw this.#corrupt(lineNumber, `is a snapshot of ${id} at record ${seq}, but the lines before it store ${stored} records of it`);
      this.#entries.push(line);
    }
  }

  finish(validLength: number, leftover: JournalContents['leftover'], unterminated: boolean): JournalContents {
    if (this.#pending.length > 0) {
      const count = this.#pending.length;
      const what = `a batch of ${count} record${count === 1 ? '' : 's'} whose committing last line never came (a write cut short)`;
      const tail = { line: this.#pendingLine, bytes: (leftover ? validLength + leftover.bytes : validLength) - this.#pendingStart, what };
      return { entries: this.#entries, validLength: this.#pendingStart, leftover: tail, needsNewline: false };
    }
    return { entries: this.#entries, validLength, ...(leftover ? { leftover } : {}), needsNewline: unterminated };
  }

  #addRecord(lineNumber: number, start: number, record: StoredRecord, commit: boolean): void {
    const first = this.#pending[0];
    if (first !== undefined && first.aggregate_id !== record.aggregate_id) {
      throw this.#corrupt(lineNumber, `stores a record of ${record.aggregate_id} inside a batch of ${first.aggregate_id} (line ${this.#pendingLine})`);
    }
    const seen = this.#eventLines.get(record.event_id);
    if (seen !== undefined) {
      throw this.#corrupt(lineNumber, `repeats event ${record.event_id}, already stored at line ${seen}`, `Delete line ${lineNumber} if it is a copy of line ${seen}; otherwise ${lowerFirst(restore(lineNumber))}`);
    }
    const stream = this.#streams.get(record.aggregate_id);
    const expected = (stream?.seq ?? 0) + 1;
    if (record.seq !== expected) throw this.#outOfOrder(lineNumber, record, stream);
    this.#streams.set(record.aggregate_id, { seq: record.seq, line: lineNumber });
    this.#eventLines.set(record.event_id, lineNumber);
    if (this.#pending.length === 0) {
      this.#pendingStart = start;
      this.#pendingLine = lineNumber;
    }
    this.#pending.push(record);
    if (commit) {
      this.#entries.push({ kind: 'records', records: this.#pending });
      this.#pending = [];
    }
  }

  #outOfOrder(lineNumber: number, record: StoredRecord, stream: { seq: number; line: number } | undefined): EventFlowError {
    const id = record.aggregate_id;
    if (stream === undefined) {
      return this.#corrupt(lineNumber, `stores record ${record.seq} of ${id}, but no line before it stores its record 1: lines are missing`);
    }
    if (record.seq > stream.seq) {
      const gap = record.seq - stream.seq - 1;
      const missing = gap === 1 ? `record ${stream.seq + 1} is` : `records ${stream.seq + 1}-${record.seq - 1} are`;
      return this.#corrupt(lineNumber, `stores record ${record.seq} of ${id}, after record ${stream.seq} at line ${stream.line}: ${missing} missing`);
    }
    return this.#corrupt(lineNumber, `stores record ${record.seq} of ${id} again: line ${stream.line} already stores its record ${stream.seq}`);
  }

  #corrupt(lineNumber: number, problem: string, hint = restore(lineNumber), cause?: unknown): EventFlowError {
    return new EventFlowError('JOURNAL_CORRUPT', `${this.#file}:${lineNumber}: the line ${problem}.`, { hint, ...(cause === undefined ? {} : { cause }) });
  }
}

/** How to put a damaged file right, shown under the message. */
function restore(lineNumber: number): string {
  return `Restore the file from a backup; or, to keep only the records before it, delete line ${lineNumber} and every line after it.`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
