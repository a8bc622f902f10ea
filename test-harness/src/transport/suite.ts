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

/** An example test: what it shows, and its body against a fresh transport. */
export interface TransportExample {
  readonly name: string;
  readonly run: (transport: Transport, settleMs: number) => Promise<void>;
}

/** Registers example tests, each against a fresh transport. */
export function exampleTests(suite: TransportSuite, examples: readonly TransportExample[]): void {
  for (const example of examples) transportTest(suite, example.name, (transport) => example.run(transport, settleMs(suite.subject)));
}

/** Registers a property check; it makes its own transports, one per generated case. */
export function propertyTest(
  suite: TransportSuite,
  name: string,
  check: (subject: TransportSubject, options: CheckOptions) => Promise<void>,
): void {
  test(`property: ${name}`, () => check(suite.subject, suite.check), suite.timeoutMs);
}
