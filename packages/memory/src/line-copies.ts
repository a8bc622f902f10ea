// A large value that a record repeats is written once per journal line. A record holds the event's
// data, the context patch, every emitted envelope and the reply, and a flow that copies a field
// (`$order becomes $order`, `emit ... with $order`, `reply ... | order | $order |`) repeats it in
// each: a 16 MiB field came out five times in one line. The line keeps the first occurrence where it
// is, writes `null` at the others, and lists them: `"copies": [{"of": [...path], "at": [[...path]]}]`.
import type { StoredRecord } from '@eventflow/core';

export type Path = readonly (string | number)[];

export interface Copies {
  /** Where the value is written. */
  readonly of: Path;
  /** Where it also belongs (written as null). */
  readonly at: readonly Path[];
}

/** Lines shorter than this are written as they are: their copies cost less than looking for them. */
const SMALL_LINE = 16 * 1024;
/** Values whose JSON is shorter than this are never worth a reference. */
const SMALL_VALUE = 1024;

/** The record's JSON text, or (when a large value repeats) the record with nulls at the copies, and the copies. */
export function findCopies(record: StoredRecord): { text: string } | { record: unknown; copies: Copies[] } {
  const text = JSON.stringify(record);
  if (text.length < SMALL_LINE) return { text };
  const finder = new CopyFinder();
  finder.visit(record);
  if (finder.copies.size === 0) return { text };
  // A copy inside another copy comes back with the outer one.
  const all = [...finder.copies.values()].flatMap((copy) => copy.at);
  const copies = [...finder.copies.values()]
    .map(({ of, at }) => ({ of, at: at.filter((path) => !all.some((outer) => isInside(path, outer))) }))
    .filter((copy) => copy.at.length > 0);
  let written: unknown = record;
  for (const { at } of copies) for (const path of at) written = replaced(written, path, 0);
  return { record: written, copies };
}

/** Puts each copy back where it belongs (into the freshly parsed record); a path that leads nowhere is an error. */
export function restoreCopies(record: unknown, copies: unknown): void {
  if (!Array.isArray(copies)) throw new TypeError('"copies" should be a list');
  for (const copy of copies as Copies[]) {
    const value = valueAt(record, copy?.of);
    if (!Array.isArray(copy.at)) throw new TypeError('"copies[].at" should be a list of paths');
    for (const path of copy.at) {
      if (!Array.isArray(path) || path.length === 0) throw new TypeError(`copy path ${JSON.stringify(path)} is not a path`);
      const holder = valueAt(record, path.slice(0, -1), path);
      const key = path[path.length - 1] as string | number;
      if (holder === null || typeof holder !== 'object' || !Object.hasOwn(holder, key)) throw new TypeError(`copy path ${JSON.stringify(path)} leads nowhere`);
      Object.defineProperty(holder, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
}

/** Walks the record in JSON order, bottom up; the first value with a given JSON text is the original. */
class CopyFinder {
  /** By JSON text: where it was first seen, and where it was seen again. */
  readonly copies = new Map<string, { of: Path; at: Path[] }>();
  private readonly first = new Map<string, Path>();
  /** The path to the value being visited. */
  private readonly path: (string | number)[] = [];

  /** Returns the value's JSON text. */
  visit(value: unknown): string {
    let text: string;
    if (value === null || typeof value !== 'object') text = JSON.stringify(value) ?? 'null';
    else if (Array.isArray(value)) text = `[${value.map((item, i) => this.inside(i, item)).join(',')}]`;
    else {
      const parts: string[] = [];
      for (const [key, field] of Object.entries(value)) if (field !== undefined) parts.push(`${JSON.stringify(key)}:${this.inside(key, field)}`);
      text = `{${parts.join(',')}}`;
    }
    if (text.length >= SMALL_VALUE) this.note(text, [...this.path]);
    return text;
  }

  private inside(segment: string | number, value: unknown): string {
    this.path.push(segment);
    const text = this.visit(value);
    this.path.pop();
    return text;
  }

  private note(text: string, path: Path): void {
    const of = this.first.get(text);
    if (of === undefined) this.first.set(text, path);
    else {
      const copy = this.copies.get(text);
      if (copy) copy.at.push(path);
      else this.copies.set(text, { of, at: [path] });
    }
  }
}

function isInside(path: Path, outer: Path): boolean {
  return outer.length < path.length && outer.every((segment, i) => segment === path[i]);
}

/** `value` with null at `path`, copying only the objects along the path. */
function replaced(value: unknown, path: Path, from: number): unknown {
  if (from === path.length) return null;
  const key = path[from] as string | number;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  Object.defineProperty(copy, key, { value: replaced((value as Record<string | number, unknown>)[key], path, from + 1), enumerable: true, writable: true, configurable: true });
  return copy;
}

/** The value at `path`; `shown` is the path an error names. */
function valueAt(root: unknown, path: unknown, shown = path): unknown {
  if (!Array.isArray(path)) throw new TypeError('"copies[].of" should be a path');
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment as PropertyKey)) throw new TypeError(`copy path ${JSON.stringify(shown)} leads nowhere`);
    value = (value as Record<string, unknown>)[segment as string];
  }
  return value;
}
