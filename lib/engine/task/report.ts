import type { TaskStep } from '../../fdl/types.ts';
import { stopChild } from '../cancel.ts';
import type { Ctx } from '../context.ts';
import { FlowErrors } from '../errors.ts';
import { DEFAULT_CALLBACK_CEILING_SECONDS } from '../limits.ts';
import { timerId } from '../timers.ts';
import type { ReportReply, TaskAttempt, TaskFrame, TaskReport } from '../types.ts';
import { attemptTokenHash } from './attempt-data.ts';
import { taskDeadline } from './deadline.ts';
import { endTaskWithError, endTaskWithLocal } from './ending.ts';

const ALREADY_COMPLETED: ReportReply = {
  accepted: false,
  code: 'TaskAlreadyCompleted',
  message: 'The task has already completed.',
};

/** Which clock of a waiting attempt has run out at `now`, if any. */
function expiredClock(
  ctx: Ctx,
  frame: TaskFrame,
  step: TaskStep,
  now: number,
): 'task' | 'heartbeat' | undefined {
  const attempt = frame.attempt;
  const deadline = attempt && taskDeadline(step, attempt, ctx.state.startedTime);
  if (deadline !== undefined && now >= deadline) return 'task';
  if (attempt?.heartbeatDeadline !== undefined && now >= attempt.heartbeatDeadline) return 'heartbeat';
  return undefined;
}

/** Times the current attempt out: `TaskTimedOut`, the token dies, a child is stopped, retry/catch. */
export function timeOutAttempt(
  ctx: Ctx,
  frame: TaskFrame,
  step: TaskStep,
  clock: 'task' | 'heartbeat',
): void {
  const attempt = frame.attempt;
  // A report accepted before the deadline (kept until the submission is recorded) wins over it.
  if (!attempt || attempt.pendingReport) return;
  const error =
    clock === 'task'
      ? {
          error: FlowErrors.TaskTimeout,
          cause:
            step.timeoutSeconds !== undefined
              ? `the task did not complete within ${step.timeoutSeconds} seconds`
              : `the task did not complete within ${DEFAULT_CALLBACK_CEILING_SECONDS} seconds of its execution's start (the default ceiling of a callback task without timeoutSeconds or heartbeatSeconds)`,
        }
      : {
          error: FlowErrors.HeartbeatTimeout,
          cause: `no heartbeat arrived within ${step.heartbeatSeconds} seconds`,
        };
  ctx.emit('TaskTimedOut', step.name, { ...error }, attempt.scheduleEventId);
  const tokenHash = attemptTokenHash(ctx.state, attempt, ctx.ids);
  if (tokenHash) ctx.command({ type: 'EndToken', tokenHash, outcome: { kind: 'timedOut' } });
  stopChild(ctx, attempt.childFlowName, attempt.childExecutionName, error);
  endTaskWithError(ctx, frame, step, error);
}

/**
 * Why a report or heartbeat on `tokenHash` cannot be taken, if it cannot: the attempt has moved on
 * (`TaskAlreadyCompleted`), or one of its clocks has run out — then the timeout happens now.
 */
function refusal(
  ctx: Ctx,
  frame: TaskFrame,
  step: TaskStep,
  tokenHash: string,
  receivedAt: number | undefined,
): ReportReply | undefined {
  const attempt = frame.attempt;
  if (!attempt || attemptTokenHash(ctx.state, attempt, ctx.ids) !== tokenHash || attempt.pendingReport)
    return ALREADY_COMPLETED;
  const expired = expiredClock(ctx, frame, step, Math.min(receivedAt ?? ctx.now, ctx.now));
  if (!expired) return undefined;
  timeOutAttempt(ctx, frame, step, expired);
  return { accepted: false, code: 'TaskTimedOut', message: 'The task has timed out.' };
}

/** Applies an accepted report to a submitted attempt; returns the id of its history event. */
export function applyReport(ctx: Ctx, frame: TaskFrame, step: TaskStep, report: TaskReport): number {
  const sid = frame.attempt?.scheduleEventId ?? 0;
  if (report.kind === 'succeeded') {
    const eventId = ctx.emit('TaskSucceeded', step.name, { output: report.output }, sid);
    endTaskWithLocal(ctx, frame, step, report.output);
    return eventId;
  }
  const error = { error: report.error, cause: report.cause };
  const eventId = ctx.emit('TaskFailed', step.name, { ...error }, sid);
  endTaskWithError(ctx, frame, step, error);
  return eventId;
}

/**
 * A report on the attempt's token. After a deadline it is refused and the timeout happens now;
 * before the submission is recorded it is kept and applied right after `TaskSubmitted`.
 */
export function onReport(
  ctx: Ctx,
  frame: TaskFrame,
  step: TaskStep,
  tokenHash: string,
  report: TaskReport,
  receivedAt?: number,
): ReportReply {
  const refused = refusal(ctx, frame, step, tokenHash, receivedAt);
  if (refused) return refused;
  const attempt = frame.attempt as TaskAttempt;
  if (attempt.phase === 'calling') {
    attempt.pendingReport = report;
    ctx.command({ type: 'EndToken', tokenHash, outcome: { kind: 'reported', report } });
    return { accepted: true };
  }
  const eventId = applyReport(ctx, frame, step, report);
  ctx.command({ type: 'EndToken', tokenHash, outcome: { kind: 'reported', report, eventId } });
  return { accepted: true, eventId };
}

/** A heartbeat on the attempt's token: restarts the heartbeat clock (no history event). */
export function onHeartbeat(
  ctx: Ctx,
  frame: TaskFrame,
  step: TaskStep,
  tokenHash: string,
  receivedAt?: number,
): ReportReply {
  const refused = refusal(ctx, frame, step, tokenHash, receivedAt);
  if (refused) return refused;
  const attempt = frame.attempt as TaskAttempt;
  if (attempt.phase === 'waiting' && step.heartbeatSeconds !== undefined) {
    attempt.heartbeatDeadline = ctx.now + step.heartbeatSeconds * 1000;
  }
  return { accepted: true };
}

/**
 * The heartbeat timer of an attempt fired. Heartbeats only move the deadline in the state, so a
 * timer that finds the deadline moved schedules one for the new deadline instead of timing out.
 */
export function onHeartbeatTimer(ctx: Ctx, frame: TaskFrame, step: TaskStep): void {
  const attempt = frame.attempt;
  if (attempt?.phase !== 'waiting' || attempt.heartbeatDeadline === undefined) return;
  if (ctx.now >= attempt.heartbeatDeadline) {
    timeOutAttempt(ctx, frame, step, 'heartbeat');
    return;
  }
  ctx.command({
    type: 'ScheduleTimer',
    timerId: timerId({
      kind: 'heartbeat',
      scheduleEventId: attempt.scheduleEventId,
      deadline: attempt.heartbeatDeadline,
    }),
    fireAt: attempt.heartbeatDeadline,
  });
}

/** Times the attempt out if one of its clocks has run out at `now` (a lost timer's backstop). */
export function checkDeadline(ctx: Ctx, frame: TaskFrame, step: TaskStep): void {
  const expired = expiredClock(ctx, frame, step, ctx.now);
  if (expired) timeOutAttempt(ctx, frame, step, expired);
}
