/**
 * What the deployed flows call: every function and queue their task steps name (nested steps
 * included), read from the flow files at synth time, so that the stack grants exactly these.
 */
import { parseFlow } from '../fdl/index.ts';
import { stepPaths } from '../fdl/step-paths.ts';
import type { Resource } from '../fdl/types.ts';
import type { FlowFile } from './flow-files.ts';

/** A function resource of a flow. */
export type FunctionResourceRef = Extract<Resource, { kind: 'function' }>;
/** A queue resource of a flow. */
export type QueueResourceRef = Extract<Resource, { kind: 'queue' }>;

/** The functions and queues some flows name, each once (by its resourceArn), in order of appearance. */
export interface FlowResources {
  readonly functions: readonly FunctionResourceRef[];
  readonly queues: readonly QueueResourceRef[];
}

/**
 * The resources the task steps of `flows` name.
 * @throws Error when a flow does not parse (flow files are checked before this).
 */
export function flowResourcesOf(flows: readonly FlowFile[]): FlowResources {
  const functions = new Map<string, FunctionResourceRef>();
  const queues = new Map<string, QueueResourceRef>();
  for (const flow of flows) {
    const parsed = parseFlow(flow.definition);
    if (!parsed.ok) throw new Error(`flow ${flow.name} is invalid`);
    for (const [, step] of stepPaths(parsed.definition.steps)) {
      if (step.type !== 'task') continue;
      const resource = step.resource;
      if (resource.kind === 'function' && !functions.has(resource.arn)) functions.set(resource.arn, resource);
      if (resource.kind === 'queue' && !queues.has(resource.arn)) queues.set(resource.arn, resource);
    }
  }
  return { functions: [...functions.values()], queues: [...queues.values()] };
}

/** The function map key of a function resource: `service/function` (acs:fc), or the Lambda function name. */
export function functionKeyOf(resource: FunctionResourceRef): string {
  return resource.service === undefined
    ? resource.functionName
    : `${resource.service}/${resource.functionName}`;
}
