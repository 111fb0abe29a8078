/**
 * Warnings of a valid definition: what runs, but probably not as meant. A waitForCallback task with
 * neither `timeoutSeconds` nor `heartbeatSeconds` waits for its callback until the default ceiling (a
 * year after its execution started): a lost callback then goes unnoticed for that long.
 */
import { stepPaths } from './step-paths.ts';
import type { DefinitionIssue, FlowDefinition } from './types.ts';

/** Every warning of `definition`, in step order, with each step's path and position. */
export function definitionWarnings(definition: FlowDefinition): DefinitionIssue[] {
  return stepPaths(definition.steps).flatMap(([path, step]): DefinitionIssue[] => {
    if (step.type !== 'task' || step.pattern !== 'waitForCallback') return [];
    if (step.timeoutSeconds !== undefined || step.heartbeatSeconds !== undefined) return [];
    return [
      {
        path,
        line: step.position?.line ?? 1,
        column: step.position?.column ?? 1,
        message:
          `warning: callback task \`${step.name}\` has neither timeoutSeconds nor heartbeatSeconds: a lost ` +
          'callback would wait until the default ceiling (a year after the execution started); set a timeout',
      },
    ];
  });
}
