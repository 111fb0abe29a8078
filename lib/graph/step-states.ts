import type { HistoryEvent } from '../engine/types.ts';
import type { FlowDefinition, Step } from '../fdl/types.ts';
import type { StepState } from './mermaid.ts';

/** Every step of a definition with its path (`steps[0].branches[1].steps[2]`), parents first. */
export function stepPaths(steps: Step[], path = 'steps'): [string, Step][] {
  return steps.flatMap((step, i): [string, Step][] => {
    const at = `${path}[${i}]`;
    const own: [string, Step] = [at, step];
    switch (step.type) {
      case 'parallel':
        return [own, ...step.branches.flatMap((b, j) => stepPaths(b.steps, `${at}.branches[${j}].steps`))];
      case 'foreach':
        return [own, ...stepPaths(step.steps, `${at}.steps`)];
      case 'choice':
        return [
          own,
          ...step.choices.flatMap((c, j) => stepPaths(c.steps, `${at}.choices[${j}].steps`)),
          ...stepPaths(step.default?.steps ?? [], `${at}.default.steps`),
        ];
      default:
        return [own];
    }
  });
}

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
