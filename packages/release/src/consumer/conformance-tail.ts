import { transportConformance } from '@eventflow/conformance';
import { expect, test } from 'vitest';
import { calls, createMyStore, createMyTransport } from './my-store.ts';

transportConformance({ name: 'my-transport', create: () => createMyTransport() });

test('the suite went through the adapter written here', () => {
  expect(calls.get('store.read') ?? 0).toBeGreaterThan(0);
  expect(calls.get('transport.publish') ?? 0).toBeGreaterThan(0);
});
