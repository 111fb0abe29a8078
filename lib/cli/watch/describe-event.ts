import type { HistoryEvent } from '../../engine/types.ts';

/** A compact JSON rendering of a value, cut to `max` characters. */
function brief(value: unknown, max = 120): string {
  const text = JSON.stringify(value) ?? '';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `error: cause` of a failure detail. */
function failure(detail: HistoryEvent['detail']): string {
  const cause = typeof detail.cause === 'string' && detail.cause !== '' ? `: ${detail.cause}` : '';
  return `${String(detail.error ?? 'error')}${cause}`;
}

/**
 * One line per history event, as `flowback watch` prints it (`undefined` for events not worth a
 * line). Tokens are printed whole: they are what the user needs to report; with `taskIdOf`, a waiting
 * task's id too (what `flowback describe-task` and the reports by task id take).
 */
export function describeEvent(
  event: HistoryEvent,
  taskIdOf?: (scheduleEventId: number) => string,
): string | undefined {
  const step = event.stepName;
  const d = event.detail;
  switch (event.type) {
    case 'ExecutionStarted':
      return `started with input ${brief(d.input)}`;
    case 'StepEntered':
      return `▶ ${step}`;
    case 'TaskScheduled': {
      const timeout = typeof d.timeoutSeconds === 'number' ? ` (timeout ${d.timeoutSeconds} s)` : '';
      return `  ${step} calls ${String(d.resourceArn)}${timeout}`;
    }
    case 'TaskSubmitted':
      // The token stays last on its line: scripts and the README read it there.
      return `⏸ ${step} waits for a callback${taskIdOf !== undefined ? ` (task id ${taskIdOf(event.scheduleEventId)})` : ''}, task token: ${String(d.taskToken ?? '')}`;
    case 'TaskStarted':
      return `⏸ ${step} waits for its child execution ${brief(d.output)}`;
    case 'TaskSubmitFailed':
      return `✗ ${step} could not submit: ${failure(d)}`;
    case 'TaskSucceeded':
      return `  ${step} task succeeded ${brief(d.output)}`;
    case 'TaskFailed':
      return `✗ ${step} task failed: ${failure(d)}`;
    case 'TaskTimedOut':
      return `✗ ${step} task timed out: ${failure(d)}`;
    case 'StepExited':
      return `✓ ${step} ${brief(d.output)}`;
    case 'StepFailed':
      return `✗ ${step} failed: ${failure(d)}`;
    case 'BranchEntered':
    case 'IterationEntered':
      return `  ${step} ${event.type === 'BranchEntered' ? 'branch' : 'iteration'} ${String(d.index)} started`;
    case 'BranchExited':
    case 'IterationExited':
      return `  ${step} ${event.type === 'BranchExited' ? 'branch' : 'iteration'} ${String(d.index)} done`;
    case 'ExecutionSucceeded':
      return `■ Succeeded with output ${brief(d.output, 2000)}`;
    case 'ExecutionFailed':
      return `■ Failed: ${failure(d)}`;
    case 'ExecutionTimedOut':
      return `■ TimedOut: ${failure(d)}`;
    case 'ExecutionStopped':
      return `■ Stopped: ${failure(d)}`;
    case 'ParentReportFailed':
      return `✗ the parent task refused this execution's end: ${failure(d)}`;
    default:
      return undefined;
  }
}

/** A task the execution waits for, and its deadlines as the history tells them (epoch ms). */
export interface WaitingTask {
  step: string;
  /** The task timeout: `TaskScheduled` + `timeoutSeconds`. */
  deadline?: number;
  /**
   * The heartbeat timeout: `TaskSubmitted` + `heartbeatSeconds`. Heartbeats record nothing in the
   * history, so once it has passed while the task still waits, a heartbeat moved it to an unknown time.
   */
  heartbeatDeadline?: number;
}

/** What an execution waits for, from the events so far: open tasks and their deadlines. */
export function waitingTasks(events: readonly HistoryEvent[]): WaitingTask[] {
  const open = new Map<number, WaitingTask & { heartbeatSeconds?: number }>();
  for (const event of events) {
    if (event.type === 'TaskScheduled') {
      const { timeoutSeconds, heartbeatSeconds } = event.detail;
      const task: WaitingTask & { heartbeatSeconds?: number } = { step: event.stepName };
      if (typeof timeoutSeconds === 'number') task.deadline = Date.parse(event.time) + timeoutSeconds * 1000;
      if (typeof heartbeatSeconds === 'number') task.heartbeatSeconds = heartbeatSeconds;
      open.set(event.eventId, task);
    } else if (event.type === 'TaskSubmitted') {
      const task = open.get(event.scheduleEventId);
      if (task?.heartbeatSeconds !== undefined) {
        task.heartbeatDeadline = Date.parse(event.time) + task.heartbeatSeconds * 1000;
      }
    } else if (['TaskSucceeded', 'TaskFailed', 'TaskTimedOut', 'TaskSubmitFailed'].includes(event.type)) {
      open.delete(event.scheduleEventId);
    }
  }
  return [...open.values()].map(({ heartbeatSeconds: _seconds, ...task }) => task);
}

/**
 * The deadline of `task` that comes first after `now`, and what happens then: the task timeout, or
 * the heartbeat timeout while it is still ahead (a passed one was moved by a heartbeat).
 */
export function nextDeadline(
  task: WaitingTask,
  now: number,
): { at: number; kind: 'timeout' | 'heartbeat' } | undefined {
  const heartbeat =
    task.heartbeatDeadline !== undefined && task.heartbeatDeadline > now ? task.heartbeatDeadline : undefined;
  if (heartbeat !== undefined && (task.deadline === undefined || heartbeat < task.deadline)) {
    return { at: heartbeat, kind: 'heartbeat' };
  }
  return task.deadline === undefined ? undefined : { at: task.deadline, kind: 'timeout' };
}
