// Every benchmark by name, in the order `npm run bench` runs them.
import type { BenchResult, Scale } from './report.ts';
import { runThroughput } from './runtime-throughput.ts';
import { runStoreFilled } from './store-filled.ts';
import { runHydration } from './hydration.ts';
import { runInstances } from './instances.ts';
import { runParser } from './parser.ts';
import { runParserHostile } from './parser-hostile.ts';
import { runMongoStore } from './mongo-store.ts';
import { runKafkaTransport } from './kafka-transport.ts';
import { runKafkaRoundTrip } from './kafka-round-trip.ts';
import { runHttpIngress } from './http-ingress.ts';
import { runInspector } from './inspector.ts';
import { runProductionPath } from './production-path.ts';

export type Benchmark = (scale: Scale) => Promise<BenchResult>;

export const BENCHMARKS: Readonly<Record<string, Benchmark>> = {
  'runtime-throughput': runThroughput,
  'store-filled': runStoreFilled,
  hydration: runHydration,
  instances: runInstances,
  parser: runParser,
  'parser-hostile': runParserHostile,
  'mongo-store': runMongoStore,
  'kafka-transport': runKafkaTransport,
  'kafka-round-trip': runKafkaRoundTrip,
  'http-ingress': runHttpIngress,
  inspector: runInspector,
  'production-path': runProductionPath,
};

/** Benchmarks against real servers (EVENTFLOW_MONGO_URL, EVENTFLOW_KAFKA_BROKERS): run by `npm run bench` through scripts/with-services.sh, checked by real-smoke.int.test.ts, not by the server-free smoke test. */
export const NEEDS_SERVERS: ReadonlySet<string> = new Set(['mongo-store', 'kafka-transport', 'kafka-round-trip', 'production-path']);
