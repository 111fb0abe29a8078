/**
 * Tasks as the API shows them (api.md "Task"): from a token record, with what only the execution's
 * state knows (the heartbeat deadline) when it is at hand. A view never holds a token nor its hash.
 */

import { attemptTokenHash } from '../../engine/task/attempt-data.ts';
import { type TaskOutcomeName, taskIdOf, taskOutcomeName } from '../../engine/task-id.ts';
import type { ExecutionState, IdSource, TaskAttempt } from '../../engine/types.ts';
import { runningSteps } from '../../engine/walk.ts';
import type { TaskPattern } from '../../fdl/types.ts';
import type { TokenRecord } from '../../ports/token-store.ts';
import { isoTime } from './views.ts';

/** A task as the API shows it. */
export interface TaskView {
  taskId: string;
  flowName: string;
  executionName: string;
  stepName: string;
  scheduleEventId: number;
  status: 'waiting' | 'ended';
  pattern: TaskPattern;
  resourceArn: string;
  scheduledTime: string;
  deadline?: string;
  heartbeatDeadline?: string;
  outcome?: TaskOutcomeName;
}

/** The view of a token record that has task fields (records registered before task ids have none). */
export function taskView(
  record: TokenRecord,
  attempt?: Pick<TaskAttempt, 'heartbeatDeadline'>,
): TaskView | undefined {
  const { taskId, scheduledTime, pattern, resourceArn } = record;
  if (
    taskId === undefined ||
    scheduledTime === undefined ||
    pattern === undefined ||
    resourceArn === undefined
  )
    return undefined;
  const outcome =
    record.outcomeName ?? (record.outcome !== undefined ? taskOutcomeName(record.outcome) : undefined);
  const heartbeatDeadline = record.status === 'waiting' ? attempt?.heartbeatDeadline : undefined;
  return {
    taskId,
    flowName: record.executionKey.flowName,
    executionName: record.executionKey.executionName,
    stepName: record.stepName,
    scheduleEventId: record.scheduleEventId,
    status: record.status,
    pattern,
    resourceArn,
    scheduledTime: isoTime(scheduledTime),
    ...(record.deadline !== undefined ? { deadline: isoTime(record.deadline) } : {}),
    ...(heartbeatDeadline !== undefined ? { heartbeatDeadline: isoTime(heartbeatDeadline) } : {}),
    ...(record.status === 'ended' && outcome !== undefined ? { outcome } : {}),
  };
}

/** The running attempts of a state that hold a token (their hashes not derived yet). */
function* attemptsWithToken(
  state: ExecutionState,
  steps: Parameters<typeof runningSteps>[1],
): Generator<TaskAttempt> {
  if (state.root === undefined) return;
  for (const visit of runningSteps(state.root, steps)) {
    const attempt = visit.frame.type === 'task' ? visit.frame.attempt : undefined;
    if (attempt !== undefined && (attempt.hasToken === true || attempt.tokenHash !== undefined))
      yield attempt;
  }
}

/** The attempts of a running state that hold a token, by token hash. */
export function tokenAttempts(
  state: ExecutionState,
  steps: Parameters<typeof runningSteps>[1],
  ids: IdSource,
): Map<string, TaskAttempt> {
  const attempts = new Map<string, TaskAttempt>();
  for (const attempt of attemptsWithToken(state, steps)) {
    const tokenHash = attemptTokenHash(state, attempt, ids);
    if (tokenHash !== undefined) attempts.set(tokenHash, attempt);
  }
  return attempts;
}

/** The attempt of a state whose task id is `taskId`, if it still runs (no token hash needed). */
export function attemptOfTask(
  state: ExecutionState,
  steps: Parameters<typeof runningSteps>[1],
  taskId: string,
): TaskAttempt | undefined {
  for (const attempt of attemptsWithToken(state, steps)) {
    if (taskIdOf(state.flowName, state.executionName, state.startedTime, attempt.scheduleEventId) === taskId)
      return attempt;
  }
  return undefined;
}
