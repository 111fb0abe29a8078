import type { Json, JsonObject, Mapping } from '../fdl/types.ts';
import type { Ctx } from './context.ts';
import { sizeError, stepOutput } from './data.ts';
import type { FlowError } from './types.ts';

/** How a step (or a sequence) stands after it was driven. */
export type Outcome =
  /** Still running: waiting for a report, a timer or a branch. */
  | { kind: 'running' }
  /** Finished; `output` goes into the parent's local; `goto` names the sibling to run next. */
  | { kind: 'done'; output: JsonObject; goto?: string }
  /** Failed; the failure propagates to the enclosing steps. */
  | { kind: 'failed'; error: FlowError }
  /** A succeed step ended the innermost scope (flow, branch, iteration) with this output. */
  | { kind: 'scopeSucceeded'; output: JsonObject };

/** The running outcome (one shared value). */
export const RUNNING: Outcome = { kind: 'running' };

/** A failed outcome. */
export function failed(error: string, cause: string): Outcome {
  return { kind: 'failed', error: { error, cause } };
}

/**
 * The outcome of a step that has finished its work: its output is its outputMappings over its input
 * and local (or `fallback` without them), failing with `FnF.DataLimitExceeded` when too large.
 */
export function finishedStep(
  ctx: Ctx,
  step: { name: string; outputMappings?: Mapping[] },
  input: JsonObject,
  local: Json,
  fallback: JsonObject,
  kind: 'done' | 'scopeSucceeded' = 'done',
): Outcome {
  const output = stepOutput(step.outputMappings, input, local, ctx.contextObject(step.name, 0), fallback);
  const tooLarge = sizeError(output, 'the step output');
  if (tooLarge) return { kind: 'failed', error: tooLarge };
  return { kind, output };
}
