import type { JsonObject, TaskStep } from '../../fdl/types.ts';
import type { Ctx } from '../context.ts';
import { sizeError, stepOutput } from '../data.ts';
import { errorMatches, retryMatches } from '../errors.ts';
import { timerId } from '../timers.ts';
import type { FlowError, TaskFrame } from '../types.ts';

/** The task's attempt succeeded with `local`: its output is the outputMappings over input and local. */
export function endTaskWithLocal(ctx: Ctx, frame: TaskFrame, step: TaskStep, local: JsonObject): void {
  const input = frame.attempt ? ctx.attemptInput(frame.attempt) : {};
  const context = ctx.contextObject(step.name, frame.retryCount);
  const output = stepOutput(step.outputMappings, input, local, context, local);
  const tooLarge = sizeError(output, 'the step output');
  if (tooLarge) {
    endTaskWithError(ctx, frame, step, tooLarge);
    return;
  }
  delete frame.attempt;
  frame.ending = { kind: 'done', output };
}

/** Delay before retry number `n` (1-based) of a policy, in seconds. */
export function retryDelaySeconds(
  policy: { intervalSeconds: number; multiplier: number; maxIntervalSeconds: number },
  n: number,
): number {
  return Math.min(policy.intervalSeconds * policy.multiplier ** (n - 1), policy.maxIntervalSeconds);
}

/**
 * The task's attempt failed: the first matching retry policy schedules another attempt while it has
 * retries left; otherwise the first matching catch rule ends the step with its errorMappings output
 * and a `goto`; otherwise the step fails.
 */
export function endTaskWithError(ctx: Ctx, frame: TaskFrame, step: TaskStep, error: FlowError): void {
  const attempt = frame.attempt;
  delete frame.attempt;
  const policyIndex = step.retry.findIndex((policy) => retryMatches(policy.errors, error.error));
  const policy = step.retry[policyIndex];
  if (policy) {
    const made = frame.retryCounts[policyIndex] ?? 0;
    if (made < policy.maxAttempts) {
      frame.retryCounts[policyIndex] = made + 1;
      frame.retryCount += 1;
      const fireAt = ctx.now + retryDelaySeconds(policy, made + 1) * 1000;
      frame.retryTimer = {
        timerId: timerId({ kind: 'retry', stepId: frame.id, retryCount: frame.retryCount }),
        fireAt,
      };
      ctx.command({ type: 'ScheduleTimer', timerId: frame.retryTimer.timerId, fireAt });
      return;
    }
  }
  const rule = step.catch.find((candidate) => errorMatches(candidate.errors, error.error));
  if (!rule) {
    frame.ending = { kind: 'failed', error };
    return;
  }
  const input = attempt ? ctx.attemptInput(attempt) : {};
  const context = ctx.contextObject(step.name, frame.retryCount);
  const local: JsonObject = { error: error.error, cause: error.cause };
  const output = stepOutput(step.errorMappings, input, local, context, {});
  frame.ending = { kind: 'done', output, goto: rule.goto };
}
