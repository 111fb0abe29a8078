import type { HistoryEvent } from '../engine/types.ts';
import type { FlowDefinition } from '../fdl/types.ts';
import type { StepState } from './mermaid.ts';
import { ExecutionProgress } from './step-progress.ts';

/**
 * The state of each step in an execution, from its history: entered → running, exited → succeeded,
 * failed → failed; the latest event of a step wins (loops, foreach iterations). History events name
 * steps, not paths, so steps of the same name in different branches share a state.
 */
export function stepStates(
  definition: FlowDefinition,
  events: readonly HistoryEvent[],
): Map<string, StepState> {
  const progress = new ExecutionProgress();
  progress.add(events);
  return progress.states(definition);
}
