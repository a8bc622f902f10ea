// @eventflow/inspector: a read-only browser inspector of a running EventFlow system (machines and
// instances filtered by state, history with time travel, state and conversation diagrams, live).
export { createInspector, type Inspector, type InspectorOptions } from './inspector.ts';
export { runtimeSource, storeSource, type InspectorSource, type ReadOnlyStore } from './source.ts';
