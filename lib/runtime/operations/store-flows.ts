/**
 * Flows as code, stored: each flow of a folder (locally `--flows`, on AWS the stack's `flowsDir`) is
 * created, or updated when its stored definition differs, through the flow operations.
 */
import type { CheckedFlowFile } from '../../fdl/flow-files.ts';
import { isOperationError } from '../errors.ts';
import type { Operations } from './index.ts';

/** One valid flow file. */
export type FolderFlow = CheckedFlowFile;

/** What `storeFolderFlows` did with each flow. */
export interface StoredFlows {
  created: string[];
  updated: string[];
  unchanged: string[];
}

/** Creates each flow, or updates it when its stored definition differs, through the operations. */
export async function storeFolderFlows(
  operations: Operations,
  flows: readonly FolderFlow[],
): Promise<StoredFlows> {
  const stored: StoredFlows = { created: [], updated: [], unchanged: [] };
  for (const flow of flows) {
    try {
      await operations.createFlow({ name: flow.name, definition: flow.text });
      stored.created.push(flow.name);
      continue;
    } catch (error) {
      if (!isOperationError(error, 'FlowAlreadyExists')) throw error;
    }
    const current = await operations.describeFlow({ name: flow.name });
    if (current.definition === flow.text) {
      stored.unchanged.push(flow.name);
    } else {
      await operations.updateFlow({ name: flow.name, definition: flow.text });
      stored.updated.push(flow.name);
    }
  }
  return stored;
}
