// Bindings give free-text lines meaning: `b.guard('card is valid', (ctx) => ...)`.
// Patterns may hold {number} {string} {state} {actor} {event} {any}; text is normalised before
// matching, and when several patterns match, the longest literal prefix wins.
import { DefinitionError } from './errors.ts';

/** What a binding sees of the instance it runs for. */
export interface BindingContext {
  /** Reads context (dotted paths); returns a copy of objects. */
  get<T = unknown>(path: string, fallback?: T): T;
  /** Writes context (actions and givens only). */
  set(path: string, value: unknown): void;
  readonly state: string;
  readonly aggregateId: string;
  readonly machine: string;
  readonly event: { readonly name: string; readonly data: Readonly<Record<string, unknown>>; readonly from?: string };
  /** The injected clock's time. */
  now(): Date;
}

/** A guard's binding: answers the free-text condition (`? card is valid`). */
export type GuardFn = (ctx: BindingContext, ...args: any[]) => boolean | Promise<boolean>;
/** An action's binding; the object it returns is the context patch. */
export type ActionFn = (ctx: BindingContext, ...args: any[]) => void | Record<string, unknown> | Promise<void | Record<string, unknown>>;
/** A given's binding: sets up a test's world (`given: the shelf holds 3 books`). */
export type GivenFn = (ctx: BindingContext, ...args: any[]) => void | Promise<void>;
/** An assertion's binding: false (or a throw) fails the test. */
export type AssertFn = (ctx: BindingContext, ...args: any[]) => boolean | void | Promise<boolean | void>;
/** A transformer's binding: builds a reply body or emit data from the context. */
export type TransformerFn = (ctx: BindingContext) => Record<string, unknown> | Promise<Record<string, unknown>>;
/** Returns true when valid, or a message saying why not. */
export type RuleFn = (value: unknown, ...args: unknown[]) => true | string | Promise<true | string>;
/** A named function callable from expressions. */
export type CallFn = (ctx: BindingContext, ...args: unknown[]) => unknown;

/** The kinds of free-text lines bound by pattern. */
export type PatternKind = 'guard' | 'action' | 'given' | 'assertion';
/** The kinds of bindings found by name. */
export type NamedKind = 'transformer' | 'rule' | 'function';

/** One registered guard, action, given or assertion: its text pattern, compiled, and its function. */
export interface PatternEntry {
  readonly kind: PatternKind;
  readonly pattern: string;
  readonly regex: RegExp;
  readonly placeholders: readonly string[];
  readonly literalPrefix: number;
  readonly fn: (...args: any[]) => unknown;
}

/** The bindings of one machine (`'*'` = every machine). */
export interface BindingSet {
  readonly machine: string;
  readonly patterns: readonly PatternEntry[];
  readonly named: ReadonlyMap<string, (...args: any[]) => unknown>;
}

/** What `defineBindings` hands its callback: one method per kind of binding, chainable. */
export interface BindingBuilder {
  guard(pattern: string, fn: GuardFn): BindingBuilder;
  action(pattern: string, fn: ActionFn): BindingBuilder;
  given(pattern: string, fn: GivenFn): BindingBuilder;
  assert(pattern: string, fn: AssertFn): BindingBuilder;
  transformer(name: string, fn: TransformerFn): BindingBuilder;
  rule(name: string, fn: RuleFn): BindingBuilder;
  /** A function callable from .flow expressions: `already_approved_by($reviewer)`. */
  fn(name: string, fn: CallFn): BindingBuilder;
}

const PLACEHOLDER_SOURCE: Record<string, string> = {
  number: '(-?\\d+(?:\\.\\d+)?|\\$[a-z_][a-z0-9_.]*)',
  string: '("(?:[^"\\\\]|\\\\.)*"|\\S+)',
  state: '(#[a-z_][a-z0-9_]*)',
  actor: '(@[a-z_][a-z0-9_]*)',
  event: '(:[a-z_][a-z0-9_]*)',
  any: '(.+?)',
};

/** Trim, collapse whitespace, strip a trailing `//` comment. */
export function normalizeText(text: string): string {
  return text.replace(/\s+\/\/.*$/, '').trim().replace(/\s+/g, ' ');
}

function compilePattern(kind: PatternKind, pattern: string, fn: (...args: any[]) => unknown): PatternEntry {
  const normalized = normalizeText(pattern);
  const placeholders: string[] = [];
  let source = '';
  let literalPrefix = -1;
  let last = 0;
  for (const match of normalized.matchAll(/\{(number|string|state|actor|event|any)\}/g)) {
    if (literalPrefix < 0) literalPrefix = match.index;
    source += escapeRegex(normalized.slice(last, match.index)) + PLACEHOLDER_SOURCE[match[1] as string];
    placeholders.push(match[1] as string);
    last = match.index + match[0].length;
  }
  source += escapeRegex(normalized.slice(last));
  return {
    kind,
    pattern: normalized,
    regex: new RegExp(`^${source}$`, 'i'),
    placeholders,
    literalPrefix: literalPrefix < 0 ? normalized.length : literalPrefix,
    fn,
  };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The bindings of one machine (`'*'` for every machine): `defineBindings('@payment', (b) => b.guard('card is valid', ...))`. */
export function defineBindings(machine: string, build: (b: BindingBuilder) => void): BindingSet {
  const patterns: PatternEntry[] = [];
  const named = new Map<string, (...args: any[]) => unknown>();
  const addPattern = (kind: PatternKind, pattern: string, fn: (...args: any[]) => unknown) => {
    const entry = compilePattern(kind, pattern, fn);
    if (patterns.some((p) => p.kind === kind && p.pattern === entry.pattern)) {
      throw new DefinitionError(`Duplicate ${kind} binding '${entry.pattern}' for ${machine}`);
    }
    patterns.push(entry);
  };
  const addNamed = (kind: NamedKind, name: string, fn: (...args: any[]) => unknown) => {
    const key = `${kind}:${name}`;
    if (named.has(key)) throw new DefinitionError(`Duplicate ${kind} binding '${name}' for ${machine}`);
    named.set(key, fn);
  };
  const builder: BindingBuilder = {
    guard: (p, fn) => (addPattern('guard', p, fn), builder),
    action: (p, fn) => (addPattern('action', p, fn), builder),
    given: (p, fn) => (addPattern('given', p, fn), builder),
    assert: (p, fn) => (addPattern('assertion', p, fn), builder),
    transformer: (n, fn) => (addNamed('transformer', n, fn), builder),
    rule: (n, fn) => (addNamed('rule', n, fn), builder),
    fn: (n, fn) => (addNamed('function', n, fn), builder),
  };
  build(builder);
  return { machine, patterns, named };
}

/** A raw placeholder capture: `"text"`, `42`, `$var`, `#state` ... */
export interface RawArgument {
  readonly placeholder: string;
  readonly text: string;
}

/** A binding found for a free-text line, with the arguments its placeholders captured. */
export interface PatternMatch {
  readonly fn: (...args: any[]) => unknown;
  readonly pattern: string;
  readonly args: readonly RawArgument[];
}

/** Looks bindings up by machine; machine-specific sets win over `'*'` ones. */
export class BindingRegistry {
  private readonly sets: readonly BindingSet[];
  private readonly cache = new Map<string, PatternMatch | null>();

  constructor(sets: readonly BindingSet[] = []) {
    this.sets = sets;
  }

  match(kind: PatternKind, machine: string, text: string): PatternMatch | undefined {
    const key = `${kind}\u0000${machine}\u0000${text}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.search(kind, machine, normalizeText(text));
    this.cache.set(key, found ?? null);
    return found;
  }

  named(kind: NamedKind, machine: string, name: string): ((...args: any[]) => unknown) | undefined {
    for (const set of this.ordered(machine)) {
      const fn = set.named.get(`${kind}:${name}`);
      if (fn) return fn;
    }
    return undefined;
  }

  private ordered(machine: string): BindingSet[] {
    return [...this.sets.filter((s) => s.machine === machine), ...this.sets.filter((s) => s.machine === '*')];
  }

  private search(kind: PatternKind, machine: string, text: string): PatternMatch | undefined {
    for (const set of [this.sets.filter((s) => s.machine === machine), this.sets.filter((s) => s.machine === '*')]) {
      let best: { entry: PatternEntry; groups: string[] } | undefined;
      let tie: PatternEntry | undefined;
      for (const binding of set) {
        for (const entry of binding.patterns) {
          if (entry.kind !== kind) continue;
          const m = entry.regex.exec(text);
          if (!m) continue;
          if (!best || entry.literalPrefix > best.entry.literalPrefix) {
            best = { entry, groups: m.slice(1) };
            tie = undefined;
          } else if (entry.literalPrefix === best.entry.literalPrefix) {
            tie = entry;
          }
        }
      }
      if (best && tie) {
        throw new DefinitionError(
          `Ambiguous ${kind} bindings for '${text}': '${best.entry.pattern}' and '${tie.pattern}'`,
          { hint: 'Make one pattern more specific.' },
        );
      }
      if (best) {
        const entry = best.entry;
        return {
          fn: entry.fn,
          pattern: entry.pattern,
          args: best.groups.map((text, i) => ({ placeholder: entry.placeholders[i] as string, text })),
        };
      }
    }
    return undefined;
  }
}
