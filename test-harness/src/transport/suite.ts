import { test } from 'vitest';
import type { Transport } from '@eventflow/core';
import { withTransport } from '../lifecycle.ts';
import {
  transportCapabilities,
  type AdapterContext,
  type CheckOptions,
  type TransportCapabilities,
  type TransportFactory,
  type TransportSubject,
} from '../options.ts';

/** What every transport group receives from `transportConformance`. */
export interface TransportSuite {
  readonly subject: TransportSubject;
  readonly capabilities: Required<TransportCapabilities>;
  readonly check: CheckOptions;
  readonly timeoutMs: number;
}

export const DEFAULT_SETTLE_MS = 500;

export function settleMs(subject: TransportSubject): number {
  return subject.settleMs ?? DEFAULT_SETTLE_MS;
}

/** Registers a test that runs against a fresh transport. */
export function transportTest(
  suite: TransportSuite,
  name: string,
  body: (transport: Transport, context: AdapterContext) => Promise<void>,
): void {
  test(name, () => withTransport(suite.subject, body), suite.timeoutMs);
}

export function asTransportSubject(subject: TransportSubject | TransportFactory): TransportSubject {
  return typeof subject === 'function' ? { create: subject } : subject;
}

export { transportCapabilities };

/** Registers a property check; it makes its own transports, one per generated case. */
export function propertyTest(
  suite: TransportSuite,
  name: string,
  check: (subject: TransportSubject, options: CheckOptions) => Promise<void>,
): void {
  test(`property: ${name}`, () => check(suite.subject, suite.check), suite.timeoutMs);
}
