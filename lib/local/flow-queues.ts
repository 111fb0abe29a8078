/** The queues a flow sends task messages to, so that the embedded SQS has them before any task runs. */
import { stepPaths } from '../fdl/step-paths.ts';
import type { FlowDefinition } from '../fdl/types.ts';

/** Names of the queues that the tasks of `definitions` send to, sorted. */
export function queueNamesOf(definitions: readonly FlowDefinition[]): string[] {
  const names = new Set<string>();
  for (const definition of definitions) {
    for (const [, step] of stepPaths(definition.steps)) {
      if (step.type === 'task' && step.resource.kind === 'queue') names.add(step.resource.queueName);
    }
  }
  return [...names].sort();
}
