/** The queues a flow sends task messages to, so that the embedded SQS has them before any task runs. */
import type { FlowDefinition, Step } from '../fdl/types.ts';

/** The step lists nested in a step (branches, iterations, choices). */
function nestedSteps(step: Step): Step[][] {
  switch (step.type) {
    case 'parallel':
      return step.branches.map((branch) => branch.steps);
    case 'foreach':
      return [step.steps];
    case 'choice':
      return [...step.choices.map((choice) => choice.steps), ...(step.default ? [step.default.steps] : [])];
    default:
      return [];
  }
}

/** Adds the queue names of `steps` and their nested steps to `names`. */
function collect(steps: readonly Step[], names: Set<string>): void {
  for (const step of steps) {
    if (step.type === 'task' && step.resource.kind === 'queue') names.add(step.resource.queueName);
    for (const nested of nestedSteps(step)) collect(nested, names);
  }
}

/** Names of the queues that the tasks of `definitions` send to, sorted. */
export function queueNamesOf(definitions: readonly FlowDefinition[]): string[] {
  const names = new Set<string>();
  for (const definition of definitions) collect(definition.steps, names);
  return [...names].sort();
}
