import type { HistoryEvent } from '../engine/types.ts';
import { stepPaths } from '../fdl/step-paths.ts';
import type { FlowDefinition } from '../fdl/types.ts';
import type { StepState } from './mermaid.ts';

/**
 * The state of each step in an execution, from its history: entered → running, exited → succeeded,
 * failed → failed; the latest event of a step wins (loops, foreach iterations). History events name
 * steps, not paths, so steps of the same name in different branches share a state.
 */
export function stepStates(
  definition: FlowDefinition,
  events: readonly HistoryEvent[],
): Map<string, StepState> {
  const byName = new Map<string, StepState>();
  for (const event of events) {
    if (event.type === 'StepEntered') byName.set(event.stepName, 'running');
    else if (event.type === 'StepExited') byName.set(event.stepName, 'succeeded');
    else if (event.type === 'StepFailed') byName.set(event.stepName, 'failed');
  }
  const states = new Map<string, StepState>();
  for (const [path, step] of stepPaths(definition.steps)) {
    const state = byName.get(step.name);
    if (state) states.set(path, state);
  }
  return states;
}
