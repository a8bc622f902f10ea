// Resolves the serve configuration: command-line flags, then environment variables, then the config
// file, then defaults. A bad value is refused with an error naming the field and where it came from.
import { EventFlowError, isEventFlowError } from '@eventflow/core';
import { envName, FIELDS, OTHER_SECTIONS, type Field } from './fields.ts';

export interface ServeConfig {
  readonly flows: readonly string[];
  readonly bindings: readonly string[];
  readonly role: 'all' | 'ingress' | 'worker';
  readonly group: string;
  readonly outboxSweepMs: number;
  readonly store: { readonly kind: 'memory' | 'file' | 'mongodb'; readonly path: string; readonly url?: string; readonly database: string };
  readonly transport: { readonly kind: 'memory' | 'kafka'; readonly brokers?: readonly string[]; readonly clientId: string; readonly topicPrefix: string; readonly partitions: number };
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly bodyLimit: number;
    readonly replyTimeoutMs: number;
    readonly corsOrigins: readonly string[];
    readonly auth: { readonly bearerTokens: readonly string[]; readonly apiKeys: readonly string[]; readonly apiKeyHeader: string };
  };
  readonly startup: { readonly timeoutMs: number };
  readonly drain: { readonly deadlineMs: number };
  readonly inspect: { readonly enabled: boolean };
  readonly log: { readonly level: string; readonly pretty?: boolean };
}

export class ConfigError extends EventFlowError {
  constructor(message: string) {
    super('CONFIG_ERROR', `Invalid configuration: ${message}`, { hint: 'Every field and its environment variable: eventflow serve --help, or the README of @eventflow/http.' });
  }
}

export function isConfigError(error: unknown): error is ConfigError {
  return isEventFlowError(error) && error.code === 'CONFIG_ERROR';
}

export interface ConfigSources {
  /** What the config file exported (undefined: no file). */
  readonly file?: unknown;
  /** Its name, for messages. */
  readonly fileName?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Values from command-line flags, by field path. */
  readonly flags?: Readonly<Record<string, string | undefined>>;
}

export function resolveConfig(sources: ConfigSources): ServeConfig {
  const fromFile = flatten(sources.file, sources.fileName ?? 'the config file');
  const resolved: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const flag = sources.flags?.[field.path];
    const env = sources.env?.[envName(field.path)];
    const value =
      flag !== undefined ? fromText(field, flag, `--${field.path.split('.').at(-1)}`)
      : env !== undefined && env !== '' ? fromText(field, env, envName(field.path))
      : fromFile.has(field.path) ? checked(field, fromFile.get(field.path), sources.fileName ?? 'the config file')
      : field.default;
    if (value !== undefined) setPath(resolved, field.path, value);
  }
  const config = resolved as unknown as ServeConfig;
  checkCombination(config);
  return config;
}

/** Nested file values by dotted path; a key no field has is an error (with the closest field's name). */
function flatten(file: unknown, source: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (file === undefined) return out;
  if (!isPlainObject(file)) throw new ConfigError(`${source} must export an object, got ${describe(file)}`);
  const known = new Set(FIELDS.map((f) => f.path));
  const walk = (value: Record<string, unknown>, prefix: string) => {
    for (const [key, inner] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (!prefix && OTHER_SECTIONS.has(key)) continue;
      if (known.has(path)) out.set(path, inner);
      else if (isPlainObject(inner) && [...known].some((k) => k.startsWith(`${path}.`))) walk(inner, path);
      else throw new ConfigError(`unknown field ${path} in ${source}${suggest(path, known)}`);
    }
  };
  walk(file, '');
  return out;
}

function fromText(field: Field, text: string, source: string): unknown {
  switch (field.kind.type) {
    case 'list':
      return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
    case 'integer':
      return checked(field, /^-?\d+$/.test(text.trim()) ? Number(text) : text, source);
    case 'boolean':
      return checked(field, text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : text, source);
    default:
      return checked(field, text, source);
  }
}

function checked(field: Field, value: unknown, source: string): unknown {
  const kind = field.kind;
  const fail = (expected: string) => new ConfigError(`${field.path} must be ${expected}; got ${describe(value)} (from ${source})`);
  switch (kind.type) {
    case 'string':
      if (typeof value !== 'string' || value === '') throw fail('a non-empty string');
      return value;
    case 'list':
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v !== '')) throw fail('a list of non-empty strings');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw fail('true or false');
      return value;
    case 'integer':
      if (!Number.isInteger(value) || (value as number) < kind.min || (value as number) > kind.max) throw fail(`a whole number from ${kind.min} to ${kind.max}`);
      return value;
    case 'enum':
      if (typeof value !== 'string' || !kind.values.includes(value)) throw fail(`one of ${kind.values.join(', ')}`);
      return value;
  }
}

/** Settings that are fine alone but not together. */
function checkCombination(config: ServeConfig): void {
  if (config.store.kind === 'mongodb' && !config.store.url) throw new ConfigError(`store.url is required when store.kind is mongodb (set ${envName('store.url')})`);
  if (config.transport.kind === 'kafka' && !config.transport.brokers?.length) throw new ConfigError(`transport.brokers is required when transport.kind is kafka (set ${envName('transport.brokers')})`);
  if (config.role !== 'all' && (config.transport.kind !== 'kafka' || config.store.kind !== 'mongodb')) {
    throw new ConfigError(`role ${config.role} runs beside other processes, which must share the events: it needs store.kind mongodb and transport.kind kafka (got ${config.store.kind} and ${config.transport.kind})`);
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys.at(-1) as string] = value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value)?.slice(0, 80) ?? String(value);
}

/** The known field closest in spelling (at most two edits away), if any. */
function suggest(path: string, known: ReadonlySet<string>): string {
  let best: { path: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(path.toLowerCase(), candidate.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { path: candidate, distance };
  }
  return best ? ` (did you mean ${best.path}?)` : '';
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length] as number;
}
