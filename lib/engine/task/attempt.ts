import { resolveServiceParams } from '../../fdl/mappings.ts';
import type { Json, JsonObject, TaskStep } from '../../fdl/types.ts';
import { callIdOf } from '../call-id.ts';
import type { Ctx } from '../context.ts';
import { sizeError } from '../data.ts';
import { FlowErrors } from '../errors.ts';
import type { Scope } from '../inputs.ts';
import { DEFAULT_LINK_VALIDITY_SECONDS } from '../limits.ts';
import { taskIdOf } from '../task-id.ts';
import { timerId } from '../timers.ts';
import type { CallResourceCommand, TaskAttempt, TaskFrame } from '../types.ts';
import { attemptInputOf, attemptTokenHash, issueToken } from './attempt-data.ts';
import { taskDeadline } from './deadline.ts';
import { endTaskWithError, endTaskWithLocal } from './ending.ts';
import { applyReport, timeOutAttempt } from './report.ts';

/** When the approval links of an attempt expire (epoch s): its task timeout, else 7 days on. */
function linkExpiry(now: number, step: TaskStep): number {
  const seconds = step.timeoutSeconds ?? DEFAULT_LINK_VALIDITY_SECONDS;
  return Math.ceil((now + seconds * 1000) / 1000);
}

/** True when an attempt of `step` hands out a token: callbacks, and child flows it waits for. */
function needsToken(step: TaskStep): boolean {
  return step.pattern === 'waitForCallback' || (step.pattern === 'sync' && step.resource.kind === 'flow');
}

/**
 * Starts an attempt of a task: a token (registered before the call), the input mapped over its
 * sequence (`parent`), `TaskScheduled`, the resource call and the timeout timer. The attempt stores
 * neither its token nor its input: both are derived again when needed (`attempt-data.ts`).
 */
export function startAttempt(ctx: Ctx, frame: TaskFrame, step: TaskStep, parent: Scope): void {
  // The attempt's `TaskScheduled` gets the next event id; its token, call id and task id derive from it.
  const { flowName, executionName, startedTime } = ctx.state;
  const scheduleEventId = ctx.state.nextEventId;
  const issued = needsToken(step) ? issueToken(ctx, scheduleEventId) : undefined;
  const visibleToken = step.pattern === 'waitForCallback' ? issued?.token : undefined;
  const callId = callIdOf(flowName, executionName, startedTime, scheduleEventId);
  const taskId = issued ? taskIdOf(flowName, executionName, startedTime, scheduleEventId) : undefined;
  const deadline = step.timeoutSeconds !== undefined ? ctx.now + step.timeoutSeconds * 1000 : undefined;
  const linksExpire =
    visibleToken !== undefined && ctx.ids.approvalLinks !== undefined ? linkExpiry(ctx.now, step) : undefined;
  const input = attemptInputOf(ctx, frame, step, parent, {
    scheduleEventId,
    ...(visibleToken !== undefined ? { visibleToken } : {}),
    ...(linksExpire !== undefined ? { linksExpire } : {}),
  });
  const serviceParams = step.serviceParams ? resolveServiceParams(step.serviceParams, input) : undefined;
  const detail: JsonObject = { resourceArn: step.resourceArn, pattern: step.pattern, input };
  if (step.timeoutSeconds !== undefined) detail.timeoutSeconds = step.timeoutSeconds;
  if (step.heartbeatSeconds !== undefined) detail.heartbeatSeconds = step.heartbeatSeconds;
  ctx.emit('TaskScheduled', step.name, detail);
  const attempt: TaskAttempt = { scheduleEventId, phase: 'calling' };
  if (issued) attempt.hasToken = true;
  if (linksExpire !== undefined) attempt.linksExpire = linksExpire;
  ctx.knowAttemptInput(attempt, () => input);
  frame.attempt = attempt;
  const tooLarge = sizeError(input, 'the task input');
  if (tooLarge) {
    ctx.emit('TaskFailed', step.name, { ...tooLarge }, scheduleEventId);
    endTaskWithError(ctx, frame, step, tooLarge);
    return;
  }
  if (deadline !== undefined) {
    attempt.deadline = deadline;
    ctx.command({
      type: 'ScheduleTimer',
      timerId: timerId({ kind: 'task-timeout', scheduleEventId }),
      fireAt: deadline,
    });
  }
  if (issued) {
    // The token's deadline is its TTL: with the default ceiling, the backstop that ends a lost callback.
    const tokenDeadline = taskDeadline(step, attempt, startedTime);
    ctx.command({
      type: 'RegisterToken',
      tokenHash: issued.hash,
      scheduleEventId,
      stepName: step.name,
      ...(tokenDeadline !== undefined ? { deadline: tokenDeadline } : {}),
      ...(step.heartbeatSeconds !== undefined ? { heartbeatSeconds: step.heartbeatSeconds } : {}),
      ...(taskId !== undefined ? { taskId } : {}),
      pattern: step.pattern,
      resourceArn: step.resourceArn,
      scheduledTime: ctx.now,
    });
  }
  const call: CallResourceCommand = {
    type: 'CallResource',
    scheduleEventId,
    stepName: step.name,
    resource: step.resource,
    pattern: step.pattern,
    input,
    callId,
  };
  if (serviceParams) call.serviceParams = serviceParams;
  if (issued) call.taskToken = issued.token;
  if (step.heartbeatSeconds !== undefined) call.heartbeatSeconds = step.heartbeatSeconds;
  if (attempt.deadline !== undefined) call.deadline = attempt.deadline;
  if (step.resource.kind === 'flow') {
    const named = serviceParams?.ExecutionName;
    call.childExecutionName = typeof named === 'string' && named !== '' ? named : ctx.ids.uuid();
    if (issued) {
      attempt.childFlowName = step.resource.flowName;
      attempt.childExecutionName = call.childExecutionName;
    }
  }
  ctx.command(call);
}

/** The outcome of a resource call (`CallResult`) for the attempt it belongs to. */
export function onCallResult(
  ctx: Ctx,
  frame: TaskFrame,
  step: TaskStep,
  result: { ok: true; output: Json } | { ok: false; error: string; cause: string },
  taskToken: string | undefined,
): void {
  const attempt = frame.attempt;
  if (!attempt || attempt.phase !== 'calling') return;
  // A call that returns at or after the task's deadline returned too late, whether or not the
  // deadline's timer came first (a report accepted in time still wins: timeOutAttempt keeps it).
  const deadline = taskDeadline(step, attempt, ctx.state.startedTime);
  if (deadline !== undefined && ctx.now >= deadline && !attempt.pendingReport) {
    timeOutAttempt(ctx, frame, step, 'task');
    return;
  }
  const sid = attempt.scheduleEventId;
  if (!needsToken(step)) {
    if (!result.ok) {
      const error = { error: result.error, cause: result.cause };
      ctx.emit('TaskFailed', step.name, { ...error }, sid);
      endTaskWithError(ctx, frame, step, error);
      return;
    }
    const output = result.output;
    if (output === null || typeof output !== 'object' || Array.isArray(output)) {
      const error = {
        error: FlowErrors.InvalidOutput,
        cause: `the result of ${step.resourceArn} is not a JSON object`,
      };
      ctx.emit('TaskFailed', step.name, { ...error }, sid);
      endTaskWithError(ctx, frame, step, error);
      return;
    }
    const tooLarge = sizeError(output, 'the task result');
    if (tooLarge) {
      ctx.emit('TaskFailed', step.name, { ...tooLarge }, sid);
      endTaskWithError(ctx, frame, step, tooLarge);
      return;
    }
    ctx.emit('TaskSucceeded', step.name, { output }, sid);
    endTaskWithLocal(ctx, frame, step, output);
    return;
  }
  const pending = attempt.pendingReport;
  if (!result.ok && !pending) {
    const error = { error: result.error, cause: result.cause };
    ctx.emit('TaskSubmitFailed', step.name, { ...error }, sid);
    const tokenHash = attemptTokenHash(ctx.state, attempt, ctx.ids);
    if (tokenHash) ctx.command({ type: 'EndToken', tokenHash, outcome: { kind: 'cancelled' } });
    endTaskWithError(ctx, frame, step, error);
    return;
  }
  const submitted = submitDetail(ctx.attemptInput(attempt), result);
  if (step.pattern === 'waitForCallback' && taskToken !== undefined) submitted.taskToken = taskToken;
  ctx.emit(step.pattern === 'sync' ? 'TaskStarted' : 'TaskSubmitted', step.name, submitted, sid);
  attempt.phase = 'waiting';
  if (step.heartbeatSeconds !== undefined && step.pattern === 'waitForCallback') {
    attempt.heartbeatDeadline = ctx.now + step.heartbeatSeconds * 1000;
    ctx.command({
      type: 'ScheduleTimer',
      timerId: timerId({ kind: 'heartbeat', scheduleEventId: sid, deadline: attempt.heartbeatDeadline }),
      fireAt: attempt.heartbeatDeadline,
    });
  }
  if (pending) {
    delete attempt.pendingReport;
    applyReport(ctx, frame, step, pending);
  }
}

/** The detail of `TaskSubmitted`/`TaskStarted`: the task input and what the call returned. */
function submitDetail(
  input: JsonObject,
  result: { ok: true; output: Json } | { ok: false; error: string; cause: string },
): JsonObject {
  if (result.ok) return { input, output: result.output };
  return { input, error: result.error, cause: result.cause };
}
