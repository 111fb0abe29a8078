/**
 * The task deadline of an attempt, including the default ceiling of a callback task that has neither
 * `timeoutSeconds` nor `heartbeatSeconds` (semantics: a lost callback must not wait forever). The
 * ceiling is counted from the execution's start, like the original's longest execution, so that it
 * costs no stored state and no timer message: the token's TTL backstop and every later report enforce it.
 */
import type { TaskStep } from '../../fdl/types.ts';
import { DEFAULT_CALLBACK_CEILING_SECONDS } from '../limits.ts';
import type { TaskAttempt } from '../types.ts';

/** True when `step` gets the default ceiling: a waitForCallback task with no clock of its own. */
export function hasDefaultCeiling(step: TaskStep): boolean {
  return (
    step.pattern === 'waitForCallback' &&
    step.timeoutSeconds === undefined &&
    step.heartbeatSeconds === undefined
  );
}

/** The epoch ms by which `attempt` must end: its task timeout, else the default ceiling, if any. */
export function taskDeadline(
  step: TaskStep,
  attempt: Pick<TaskAttempt, 'deadline'>,
  executionStartedTime: number,
): number | undefined {
  if (attempt.deadline !== undefined) return attempt.deadline;
  return hasDefaultCeiling(step) ? executionStartedTime + DEFAULT_CALLBACK_CEILING_SECONDS * 1000 : undefined;
}
