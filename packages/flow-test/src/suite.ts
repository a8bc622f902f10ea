// What a test run is given: the parsed files (flows and .test.flow) and the bindings.
import { BindingRegistry, type BindingSet } from '@eventflow/core';
import type { FlowFile } from '@eventflow/language';

/** The parsed files and bindings a test run uses. */
export interface FlowSuite {
  readonly files: readonly FlowFile[];
  readonly bindingSets: readonly BindingSet[];
  readonly bindings: BindingRegistry;
}

/** A suite from parsed files and binding sets. */
export function createSuite(files: readonly FlowFile[], bindingSets: readonly BindingSet[] = []): FlowSuite {
  return { files, bindingSets, bindings: new BindingRegistry(bindingSets) };
}
