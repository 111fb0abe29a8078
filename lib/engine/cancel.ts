import type { Ctx } from './context.ts';
import { attemptTokenHash } from './task/attempt-data.ts';
import type { SequenceFrame, StepFrame, TaskFrame } from './types.ts';

/**
 * Cancels everything running below `seq` (a stopped execution, a failed sibling branch): waiting
 * tokens die and running child executions are stopped. Cancelled attempts get no history event.
 */
export function cancelSequence(
  ctx: Ctx,
  seq: SequenceFrame | undefined,
  reason: { error: string; cause: string },
): void {
  if (seq?.step) cancelStep(ctx, seq.step, reason);
}

/** Cancels one running step and everything below it. */
export function cancelStep(ctx: Ctx, frame: StepFrame, reason: { error: string; cause: string }): void {
  switch (frame.type) {
    case 'task':
      cancelAttempt(ctx, frame, reason);
      return;
    case 'parallel':
      for (const branch of frame.branches)
        if ('running' in branch) cancelSequence(ctx, branch.running, reason);
      return;
    case 'foreach':
      for (const iteration of Object.values(frame.running)) cancelSequence(ctx, iteration, reason);
      return;
    case 'choice':
      cancelSequence(ctx, frame.branch, reason);
      return;
    case 'wait':
      return;
  }
}

/** Ends the token and stops the child execution of a task's current attempt, if it has them. */
export function cancelAttempt(ctx: Ctx, frame: TaskFrame, reason: { error: string; cause: string }): void {
  const attempt = frame.attempt;
  if (!attempt) return;
  const tokenHash = attemptTokenHash(ctx.state, attempt, ctx.ids);
  if (tokenHash && !attempt.pendingReport) {
    ctx.command({ type: 'EndToken', tokenHash, outcome: { kind: 'cancelled' } });
  }
  stopChild(ctx, attempt.childFlowName, attempt.childExecutionName, reason);
}

/** Stops the child execution an attempt started, if any. */
export function stopChild(
  ctx: Ctx,
  flowName: string | undefined,
  executionName: string | undefined,
  reason: { error: string; cause: string },
): void {
  if (flowName === undefined || executionName === undefined) return;
  ctx.command({ type: 'StopChild', flowName, executionName, error: reason.error, cause: reason.cause });
}
