// @eventflow/inspector: a read-only browser inspector of a running EventFlow system (machines and
// instances filtered by state, history with time travel, state and conversation diagrams, live).
export { createInspector, type Inspector, type InspectorOptions } from './inspector.ts';
export { runtimeSource, storeSource, type InspectorSource, type ReadOnlyStore } from './source.ts';
export { pageOfIds, type IdPage, type IdQuery } from './ids-page.ts';
export { InstanceIndex, type IndexStatus, type InstanceSummary, type StatePage } from './instance-index.ts';
export { machinePage, instanceData, conversationData, summaryOf, MAX_INSTANCES, type Inspection, type MachinePage, type MachineQuery, type InstanceData, type ConversationData } from './queries.ts';
