// Every setting of `eventflow serve`, in one table: its path in the config file, its kind, its
// default, and what it does. The environment variable of a field is derived from its path
// (`http.bodyLimit` -> EVENTFLOW_HTTP_BODY_LIMIT), so every field can be set from the environment.

export type FieldKind =
  | { readonly type: 'string' }
  | { readonly type: 'list' }
  | { readonly type: 'integer'; readonly min: number; readonly max: number }
  | { readonly type: 'boolean' }
  | { readonly type: 'enum'; readonly values: readonly string[] };

export interface Field {
  readonly path: string;
  readonly kind: FieldKind;
  /** Absent: the field is unset unless given (checks across fields say when it is needed). */
  readonly default?: string | number | boolean | readonly string[];
  readonly doc: string;
}

const text = { type: 'string' } as const;
const list = { type: 'list' } as const;
const int = (min: number, max: number) => ({ type: 'integer', min, max }) as const;
const oneOf = (...values: string[]) => ({ type: 'enum', values }) as const;

export const FIELDS: readonly Field[] = [
  { path: 'flows', kind: list, default: ['.'], doc: '.flow files, directories or globs, relative to the served directory' },
  { path: 'bindings', kind: list, default: [], doc: 'binding modules or directories (default: *.bindings.ts beside the flows)' },
  { path: 'role', kind: oneOf('all', 'ingress', 'worker'), default: 'all', doc: 'all: HTTP and workers; ingress: HTTP only, consumes nothing; worker: consumes, HTTP only for /healthz and /readyz' },
  { path: 'group', kind: text, default: 'eventflow', doc: 'consumer group the workers share' },
  { path: 'outboxSweepMs', kind: int(0, 3_600_000), default: 0, doc: 're-send outbox entries a crashed peer left, every N ms (0: only at start)' },
  { path: 'store.kind', kind: oneOf('memory', 'file', 'mongodb'), default: 'memory', doc: 'where events are stored' },
  { path: 'store.path', kind: text, default: '.eventflow/events.jsonl', doc: 'file store: the JSON-lines file, relative to the served directory' },
  { path: 'store.url', kind: text, doc: 'mongodb store: connection string' },
  { path: 'store.database', kind: text, default: 'eventflow', doc: 'mongodb store: database name' },
  { path: 'transport.kind', kind: oneOf('memory', 'kafka'), default: 'memory', doc: 'how events travel between machines' },
  { path: 'transport.brokers', kind: list, doc: 'kafka transport: host:port of the brokers' },
  { path: 'transport.clientId', kind: text, default: 'eventflow', doc: 'kafka transport: client id' },
  { path: 'transport.topicPrefix', kind: text, default: 'eventflow.', doc: 'kafka transport: prefix of the topic names' },
  { path: 'transport.partitions', kind: int(1, 1_000), default: 3, doc: 'kafka transport: partitions of topics it creates' },
  { path: 'http.host', kind: text, default: '127.0.0.1', doc: 'address to listen on (0.0.0.0 for every interface)' },
  { path: 'http.port', kind: int(0, 65_535), default: 3000, doc: 'port to listen on (0: any free port)' },
  { path: 'http.bodyLimit', kind: int(1, 100 * 1024 * 1024), default: 102_400, doc: 'largest request body, in bytes' },
  { path: 'http.replyTimeoutMs', kind: int(0, 600_000), default: 5_000, doc: 'wait this long for a reply, then answer 202 with a link to poll' },
  { path: 'http.corsOrigins', kind: list, default: [], doc: 'origins browsers may call from (CORS is off without any)' },
  { path: 'http.auth.bearerTokens', kind: list, default: [], doc: 'accepted bearer tokens (set them from the environment)' },
  { path: 'http.auth.apiKeys', kind: list, default: [], doc: 'accepted API keys (set them from the environment)' },
  { path: 'http.auth.apiKeyHeader', kind: text, default: 'x-api-key', doc: 'header carrying an API key' },
  { path: 'startup.timeoutMs', kind: int(0, 3_600_000), default: 60_000, doc: 'keep trying to reach the store and transport at start for this long' },
  { path: 'drain.deadlineMs', kind: int(0, 600_000), default: 10_000, doc: 'on SIGTERM/SIGINT: longest wait for in-flight work before closing anyway' },
  { path: 'inspect.enabled', kind: { type: 'boolean' }, default: true, doc: 'serve the read-only inspector at /inspect (behind the same authentication; eventflow serve)' },
  { path: 'log.level', kind: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'), default: 'info', doc: 'log level (debug: a line per handled event)' },
  { path: 'log.pretty', kind: { type: 'boolean' }, doc: 'human-readable logs (default: when stdout is a terminal)' },
];

/** `http.bodyLimit` -> `EVENTFLOW_HTTP_BODY_LIMIT` */
export function envName(path: string): string {
  return `EVENTFLOW_${path.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/\./g, '_').toUpperCase()}`;
}

/** Top-level sections other tools read from the same file (LANGUAGE.md §7.5): accepted, not checked here. */
export const OTHER_SECTIONS: ReadonlySet<string> = new Set(['queue', 'watch', 'clock', '$schema']);
