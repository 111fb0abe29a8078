import type { FlowDefinition, JsonObject } from '../fdl/types.ts';
import type { AdvanceResult, EngineEvent, ExecutionState, IdSource, ParentReference } from './types.ts';

/** Placeholder while the interpreter is written (replaced in the same session). */
export function createExecutionState(_init: {
  flowName: string;
  executionName: string;
  input: JsonObject;
  now: number;
  parent?: ParentReference;
}): ExecutionState {
  throw new Error('engine not written yet');
}

/** Placeholder while the interpreter is written (replaced in the same session). */
export function advance(
  _definition: FlowDefinition,
  _state: ExecutionState,
  _event: EngineEvent,
  _now: number,
  _ids: IdSource,
): AdvanceResult {
  throw new Error('engine not written yet');
}
