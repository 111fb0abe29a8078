import type { Outcome } from '../outcome.ts';
import { RUNNING } from '../outcome.ts';
import { startAttempt } from '../task/attempt.ts';
import type { TaskFrame } from '../types.ts';
import type { StepHandler } from './handler.ts';

/** `task`: attempts, each calling the resource; retries and catch on failure. */
export const taskHandler: StepHandler<'task'> = {
  enter(ctx, step, { parent }, stepId) {
    const frame: TaskFrame = {
      type: 'task',
      id: stepId,
      retryCounts: step.retry.map(() => 0),
      retryCount: 0,
    };
    startAttempt(ctx, frame, step, parent);
    return { frame };
  },
  resume(_ctx, frame): Outcome {
    const task = frame as TaskFrame;
    if (!task.ending) return RUNNING;
    return task.ending.kind === 'done'
      ? { kind: 'done', output: task.ending.output, ...(task.ending.goto ? { goto: task.ending.goto } : {}) }
      : { kind: 'failed', error: task.ending.error };
  },
};
