/**
 * Task ids (api.md "Task"): one per task attempt, opaque and URL-safe, stable whoever computes it,
 * and unrelated to the attempt's token (knowing a task id gives no way to report as the token's
 * holder). Derived, like call ids, from the execution's identity and the attempt's `TaskScheduled`
 * event id, so that the engine stays pure and an approval link can name the task before its token
 * is registered.
 */

/** The text a task id encodes; names hold no `:` (names are `[A-Za-z0-9_-]`), so it is unambiguous. */
function taskIdText(flowName: string, executionName: string, startedTime: number, scheduleEventId: number) {
  return `t1:${flowName}:${executionName}:${startedTime.toString(36)}:${scheduleEventId}`;
}

/**
 * The task id of the attempt whose `TaskScheduled` event is `scheduleEventId`: the base64url text of
 * `t1:{flow}:{execution}:{start time}:{scheduleEventId}` (at most about 370 characters).
 */
export function taskIdOf(
  flowName: string,
  executionName: string,
  startedTime: number,
  scheduleEventId: number,
): string {
  return btoa(taskIdText(flowName, executionName, startedTime, scheduleEventId))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

/** The longest task id: two names of 128 characters, a start time and an event id. */
export const MAX_TASK_ID_LENGTH = 400;

/** True when `value` has the shape of a task id (base64url, bounded); says nothing of its existence. */
export function isTaskIdShape(value: string): boolean {
  return value.length > 0 && value.length <= MAX_TASK_ID_LENGTH && /^[A-Za-z0-9_-]+$/.test(value);
}

/** How an ended task ended, as api.md's Task `outcome` says it. */
export type TaskOutcomeName = 'succeeded' | 'failed' | 'timedOut' | 'cancelled';

/** The `outcome` name of a token's tombstone outcome. */
export function taskOutcomeName(outcome: { kind: string; report?: { kind: string } }): TaskOutcomeName {
  if (outcome.kind === 'reported') return outcome.report?.kind === 'failed' ? 'failed' : 'succeeded';
  return outcome.kind === 'timedOut' ? 'timedOut' : 'cancelled';
}

/** The order of a task in lists: its scheduled time (13 digits), `#`, its task id (unique: exact cursors). */
export function taskOrderKey(scheduledTime: number, taskId: string): string {
  return `${String(scheduledTime).padStart(13, '0')}#${taskId}`;
}

/** True when `value` can be a `taskOrderKey` (a list's cursor). */
export function isTaskOrderKey(value: string): boolean {
  return /^\d{13}#[A-Za-z0-9_-]{1,400}$/.test(value);
}
