import { createServer } from 'node:net';
import { expect, test } from 'vitest';
import { createMongoEventStore } from './index.ts';
import { appendOne, rejection } from './test-support/mongo.ts';
import { batch } from './test-support/records.ts';

/** A port nothing listens on: bound once to get a free number, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('a server that is down: STORE_UNAVAILABLE naming the URL (without the password) within connectTimeoutMs', async () => {
  const port = await closedPort();
  const store = createMongoEventStore({ url: `mongodb://app:s3cret@127.0.0.1:${port}/`, database: 'ef_unreachable', connectTimeoutMs: 400 });
  try {
    for (const call of [() => appendOne(store, 'order-1', 0, batch('order-1', 0, ['e1'])), () => store.read('order-1')]) {
      const started = Date.now();
      const error = (await rejection(call())) as Error & { code: string; hint: string; cause: Error };
      const elapsed = Date.now() - started;
      expect(error.code).toBe('STORE_UNAVAILABLE');
      expect(error.message).toContain(`MongoDB at mongodb://app:***@127.0.0.1:${port}/ is unreachable`);
      expect(error.message).not.toContain('s3cret');
      expect(error.hint).toContain('400 ms');
      expect(error.cause.name).toBe('MongoServerSelectionError');
      expect(elapsed).toBeGreaterThanOrEqual(350);
      expect(elapsed).toBeLessThan(2000);
    }
  } finally {
    await store.close();
  }
});
