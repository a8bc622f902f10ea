export { storeConformance } from './store-conformance.ts';
export { transportConformance } from './transport-conformance.ts';
export type {
  AdapterContext,
  CheckOptions,
  StoreCapabilities,
  StoreConformanceOptions,
  StoreFactory,
  StoreProbe,
  StoreSubject,
  TransportCapabilities,
  TransportConformanceOptions,
  TransportFactory,
  TransportSubject,
} from './options.ts';
export { checkStoreModel } from './store/model.ts';
export { checkRacingAppends } from './store/concurrency.ts';
export { checkDelivery } from './transport/delivery.ts';
export { checkKeyOrder } from './transport/ordering.ts';
export { checkAtLeastOnce } from './transport/redelivery.ts';
export { checkEnvelopeRoundTrip } from './transport/envelope.ts';
export { checkSharedGroup, checkGroupFanOut } from './transport/groups.ts';
export { checkSubscriberRestart } from './transport/restart.ts';
export { checkVolume } from './transport/volume.ts';
export { jsonView } from './json-data.ts';
export { faultyTransport, type FaultOptions } from './faulty-transport.ts';
export { fcParameters } from './fc-settings.ts';
export { runtimeConformance, type RuntimeConformanceOptions } from './runtime-conformance.ts';
export { checkReplayDeterminism, runDeterminismCase, canonicalJson, type RuntimeSubject, type DeterminismOptions, type RunResult } from './runtime/replay-determinism.ts';
export { checkCorrelation, runCorrelationCase, type CorrelationOptions } from './runtime/correlation.ts';
export { determinismCase, determinismFlow, topology, correlationFlow, type DeterminismCase, type Topology, type Statement } from './runtime/generate.ts';
