// The serve configuration: defaults, the file, environment variables over the file, flags over
// both, and errors that name the field and where the bad value came from.
import { describe, expect, test } from 'vitest';
import { ConfigError, resolveConfig } from './config.ts';
import { envName, FIELDS } from './fields.ts';

describe('sources', () => {
  test('defaults: memory adapters, role all, 127.0.0.1:3000, auth and CORS off', () => {
    const config = resolveConfig({});
    expect(config).toMatchObject({
      role: 'all',
      flows: ['.'],
      store: { kind: 'memory' },
      transport: { kind: 'memory' },
      http: { host: '127.0.0.1', port: 3000, bodyLimit: 102_400, corsOrigins: [], auth: { bearerTokens: [], apiKeys: [] } },
      drain: { deadlineMs: 10_000 },
      log: { level: 'info' },
    });
  });

  test('the environment wins over the file, flags over both', () => {
    const file = { http: { port: 4000, host: '0.0.0.0' }, store: { kind: 'mongodb', url: 'mongodb://db:27017' }, transport: { kind: 'kafka', brokers: ['k1:9092'] } };
    const config = resolveConfig({
      file,
      env: { EVENTFLOW_HTTP_PORT: '5000', EVENTFLOW_TRANSPORT_BROKERS: 'a:1, b:2', EVENTFLOW_HTTP_AUTH_BEARER_TOKENS: 't1,t2', EVENTFLOW_ROLE: 'ingress' },
      flags: { 'http.port': '6000' },
    });
    expect(config.http).toMatchObject({ port: 6000, host: '0.0.0.0', auth: { bearerTokens: ['t1', 't2'] } });
    expect(config.transport.brokers).toEqual(['a:1', 'b:2']);
    expect(config.role).toBe('ingress');
    expect(config.store.url).toBe('mongodb://db:27017');
  });

  test('every field has an environment variable named after its path', () => {
    expect(envName('http.bodyLimit')).toBe('EVENTFLOW_HTTP_BODY_LIMIT');
    expect(envName('drain.deadlineMs')).toBe('EVENTFLOW_DRAIN_DEADLINE_MS');
    const env: Record<string, string> = { EVENTFLOW_STORE_KIND: 'mongodb', EVENTFLOW_STORE_URL: 'mongodb://x', EVENTFLOW_TRANSPORT_KIND: 'kafka', EVENTFLOW_TRANSPORT_BROKERS: 'k:1' };
    for (const field of FIELDS) {
      const sample = field.kind.type === 'integer' ? String(field.kind.min + 1) : field.kind.type === 'boolean' ? 'true' : field.kind.type === 'enum' ? (field.kind.values.at(-1) as string) : 'x';
      env[envName(field.path)] ??= sample;
    }
    env['EVENTFLOW_ROLE'] = 'worker';
    const config = resolveConfig({ env }) as unknown as Record<string, unknown>;
    for (const field of FIELDS) {
      const value = field.path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], config);
      expect(value, field.path).toBeDefined();
    }
  });

  test('sections other tools read are left alone', () => {
    expect(() => resolveConfig({ file: { watch: { port: 5173 }, queue: { strategy: 'fifo' }, clock: 'system' } })).not.toThrow();
  });
});

describe('errors name the field and the source', () => {
  const message = (sources: Parameters<typeof resolveConfig>[0]) => {
    try {
      resolveConfig(sources);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('no error');
  };

  test('a value of the wrong kind', () => {
    expect(message({ env: { EVENTFLOW_STORE_KIND: 'postgres' } })).toBe('Invalid configuration: store.kind must be one of memory, file, mongodb; got "postgres" (from EVENTFLOW_STORE_KIND)');
    expect(message({ file: { http: { port: 'eighty' } }, fileName: 'eventflow.config.json' })).toBe('Invalid configuration: http.port must be a whole number from 0 to 65535; got "eighty" (from eventflow.config.json)');
    expect(message({ flags: { 'http.port': '70000' } })).toContain('http.port must be a whole number from 0 to 65535; got 70000 (from --port)');
    expect(message({ file: { flows: 'flows' } })).toContain('flows must be a list of non-empty strings');
  });

  test('an unknown field, with the one probably meant', () => {
    expect(message({ file: { http: { prot: 3000 } }, fileName: 'eventflow.config.ts' })).toBe('Invalid configuration: unknown field http.prot in eventflow.config.ts (did you mean http.port?)');
    expect(message({ file: 'flows' })).toContain('must export an object');
  });

  test('settings that do not go together', () => {
    expect(message({ file: { store: { kind: 'mongodb' } } })).toContain('store.url is required when store.kind is mongodb (set EVENTFLOW_STORE_URL)');
    expect(message({ env: { EVENTFLOW_TRANSPORT_KIND: 'kafka' } })).toContain('transport.brokers is required when transport.kind is kafka');
    expect(message({ env: { EVENTFLOW_ROLE: 'worker' } })).toContain('role worker runs beside other processes');
  });
});
