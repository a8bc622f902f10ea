// `given:` sets up the world declaratively (LANGUAGE.md §6.2); `with scenario:` and friends replace
// happy-path lines that share a subject key, or add to them (§6.4).
import { BindingRegistry, copyData, dataScope, evaluate, getPath, setPath, type BindingContext, type StoredRecord } from '@eventflow/core';
import { literalArgs } from './binding-args.ts';
import type { Expr, GivenLine } from '@eventflow/language';

/** What `given:` lines set up for a test: the instance's state and context, and the next event's payload and sender. */
export interface GivenWorld {
  state?: string;
  context: Record<string, unknown>;
  /** Payload fields for the next event (`with event:`, event-level `given:` variables). */
  payload: Record<string, unknown>;
  /** The sender's id for the next event (`@reviewer.id is "rev-7"`), read by the flow as `@reviewer.id`. */
  senderId?: string;
  readonly warnings: string[];
}

/** The key a variation line replaces: the leading `@actor`, `$var` or first word. */
export function subjectKey(line: GivenLine): string {
  switch (line.kind) {
    case 'GivenVar':
      return `$${line.variable}`;
    case 'GivenField':
      return line.key;
    default:
      return line.text.trim().split(/\s+/)[0] ?? '';
  }
}

export function mergeGivens(base: readonly GivenLine[], overrides: readonly GivenLine[]): GivenLine[] {
  const result = [...base];
  for (const line of overrides) {
    const index = result.findIndex((other) => subjectKey(other) === subjectKey(line));
    if (index >= 0) result[index] = line;
    else result.push(line);
  }
  return result;
}

const DAY_MS = 86_400_000;

function valueOf(expr: Expr, world: GivenWorld, now: number): unknown {
  if (expr.kind === 'Word' && expr.text === 'yesterday') return new Date(now - DAY_MS).toISOString();
  if (expr.kind === 'Word' && expr.text === 'tomorrow') return new Date(now + DAY_MS).toISOString();
  return copyData(evaluate(expr, dataScope({ context: world.context, payload: world.payload, now: () => now })));
}

/** Applies given lines to `world` (`target` says whether variables go to context or payload). */
export async function applyGivens(
  lines: readonly GivenLine[],
  world: GivenWorld,
  target: 'context' | 'payload',
  bindings: BindingRegistry,
  machine: string,
  now: number,
): Promise<void> {
  const put = (name: string, value: unknown) => {
    if (target === 'context') world.context = setPath(world.context, name.split('.'), value);
    else world.payload = setPath(world.payload, name.split('.'), value);
  };
  for (const line of lines) {
    switch (line.kind) {
      case 'GivenState':
        world.state = line.state;
        break;
      case 'GivenVar': {
        const value = valueOf(line.value, world, now);
        put(line.variable, line.op === 'contains' ? [value] : value);
        break;
      }
      case 'GivenField':
        put(line.key, valueOf(line.value, world, now));
        break;
      case 'GivenTable': {
        const rows = line.rows.map((row) => Object.fromEntries(line.header.map((h, i) => [h, parseCell(row[i] ?? '')])));
        const bound = bindings.match('given', machine, line.text.replace(/:$/, ''));
        if (bound) await bound.fn(givenContext(world, machine, now), rows);
        else put(line.text.replace(/:$/, '').trim().split(/\s+/)[0] as string, rows);
        break;
      }
      case 'GivenText': {
        const bound = bindings.match('given', machine, line.text);
        const senderId = SENDER_ID.exec(line.text)?.[1];
        if (bound) {
          await bound.fn(givenContext(world, machine, now), ...literalArgs(bound.args));
        } else if (senderId !== undefined) {
          world.senderId = senderId.startsWith('"') ? (JSON.parse(senderId) as string) : senderId;
        } else {
          world.warnings.push(`No binding for given '${line.text}' (${line.loc.file}:${line.loc.line}): treated as a no-op`);
        }
        break;
      }
    }
  }
}

/** The record that starts an instance in the state and context `given:` lines describe (test setup, `run` lines with `given`). */
export function givenRecord(machine: string, aggregateId: string, state: string | undefined, context: Record<string, unknown>, timestamp: string): StoredRecord {
  return {
    aggregate_id: aggregateId,
    machine,
    seq: 1,
    event_id: `given-${aggregateId}`,
    event_type: ':given',
    data: {},
    timestamp,
    outcome: { state_after: state ?? '#idle', context_patch: { set: context, unset: [] }, states_entered: [], emitted: [] },
  };
}

/** `@reviewer.id is "rev-7"` (or a bare `rev_7`): who sends the event, as `@reviewer.id` reads it. */
const SENDER_ID = /^@[a-z_][a-z0-9_]*\.id is ("(?:[^"\\]|\\.)*"|[\w.-]+)$/;

/** A given line the runner understands without a binding: the sender's id (`@reviewer.id is "rev-7"`). */
export function isSenderIdGiven(text: string): boolean {
  return SENDER_ID.test(text);
}

function parseCell(text: string): unknown {
  const trimmed = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  if (trimmed.startsWith('"') && trimmed.endsWith('"')) return JSON.parse(trimmed) as string;
  return trimmed;
}

function givenContext(world: GivenWorld, machine: string, now: number): BindingContext {
  return {
    get: <T>(path: string, fallback?: T) => (getPath(world.context, path.split('.')) ?? fallback) as T,
    set: (path, value) => {
      world.context = setPath(world.context, path.split('.'), copyData(value));
    },
    get state() {
      return world.state ?? '#idle';
    },
    aggregateId: '',
    machine,
    event: { name: ':given', data: world.payload },
    now: () => new Date(now),
  };
}
