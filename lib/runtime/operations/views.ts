/** The answers' shapes (api.md "REST API"): camelCase, ISO-8601 UTC times with milliseconds. */
import type { ExecutionState, ExecutionStatus, HistoryEvent } from '../../engine/types.ts';
import type { JsonObject } from '../../fdl/types.ts';
import type { FlowRecord } from '../../ports/flow-store.ts';

/** A flow as the API shows it. */
export interface FlowView {
  name: string;
  definition: string;
  description: string;
  createdTime: string;
  lastModifiedTime: string;
}

/** An execution as the API shows it. */
export interface ExecutionView {
  flowName: string;
  name: string;
  status: ExecutionStatus;
  input: JsonObject;
  output?: JsonObject;
  error?: string;
  cause?: string;
  startedTime: string;
  stoppedTime?: string;
}

/** A history event as the API shows it (the stored shape). */
export type EventView = HistoryEvent;

/** Epoch ms → ISO-8601 UTC with milliseconds. */
export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** The view of a flow record. */
export function flowView(record: FlowRecord): FlowView {
  return {
    name: record.name,
    definition: record.definitionText,
    description: record.description,
    createdTime: isoTime(record.createdTime),
    lastModifiedTime: isoTime(record.lastModifiedTime),
  };
}

/** The view of an execution state. */
export function executionView(state: ExecutionState): ExecutionView {
  return {
    flowName: state.flowName,
    name: state.executionName,
    status: state.status,
    input: state.input,
    ...(state.output !== undefined ? { output: state.output } : {}),
    ...(state.error !== undefined ? { error: state.error } : {}),
    ...(state.cause !== undefined ? { cause: state.cause } : {}),
    startedTime: isoTime(state.startedTime),
    ...(state.stoppedTime !== undefined ? { stoppedTime: isoTime(state.stoppedTime) } : {}),
  };
}
