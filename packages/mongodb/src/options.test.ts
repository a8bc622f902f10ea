import { expect, test } from 'vitest';
import { redact } from './connection.ts';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_PREFIX, resolveOptions } from './options.ts';

const url = 'mongodb://127.0.0.1:1/';

test('defaults', () => {
  expect(resolveOptions({ url, database: 'app' })).toMatchObject({
    collectionPrefix: DEFAULT_PREFIX,
    connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
  });
  expect(resolveOptions({ url, database: 'app', collectionPrefix: '' }).collectionPrefix).toBe('');
});

test('invalid options fail at once with INVALID_OPTION', () => {
  for (const options of [
    { database: 'x' },
    { url, client: {}, database: 'x' },
    { url, database: '' },
    { url, database: 'a.b' },
    { url, database: '$x' },
    { url, database: { $gt: '' } },
    { url: 'http://x', database: 'x' },
    { url, database: 'x', collectionPrefix: '$p' },
    { url, database: 'x', collectionPrefix: 'system.' },
    { url, database: 'x', connectTimeoutMs: 0 },
  ]) {
    expect(() => resolveOptions(options as never), JSON.stringify(options)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  }
});

test('credentials never reach an error message', () => {
  expect(redact('mongodb://app:s3cret@db1:27017,db2/?authSource=admin')).toBe('mongodb://app:***@db1:27017,db2/?authSource=admin');
  expect(redact('mongodb+srv://app@cluster.example.net/')).toBe('mongodb+srv://app:***@cluster.example.net/');
  expect(redact('mongodb://127.0.0.1:27017/')).toBe('mongodb://127.0.0.1:27017/');
});
