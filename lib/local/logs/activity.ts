/**
 * What the local runtime tells as it works — each history event an execution records, and each line
 * its functions log — and how `flowback serve` prints it: one readable line each
 * (`15:04:05.123 fnf-demo/exec-1 TaskSucceeded step=approve`), or one JSON object per line.
 */
import type { ExecutionKey, HistoryEvent } from '../../engine/types.ts';
import type { LogEntry } from '../../ports/execution-logs.ts';

/** One thing that happened. */
export type Activity =
  | { kind: 'event'; key: ExecutionKey; event: HistoryEvent }
  | { kind: 'log'; entry: LogEntry };

/** How activity is printed: readable lines, or JSON lines. */
export type ActivityFormat = 'text' | 'json';

/** The formats, for the CLI's checks. */
export const ACTIVITY_FORMATS: readonly ActivityFormat[] = ['text', 'json'];

/** Characters of a cause shown on a readable line. */
const MAX_CAUSE_CHARS = 300;

/** `HH:MM:SS.mmm` in the host's time zone. */
export function clockTime(time: Date): string {
  const two = (value: number): string => String(value).padStart(2, '0');
  const ms = String(time.getMilliseconds()).padStart(3, '0');
  return `${two(time.getHours())}:${two(time.getMinutes())}:${two(time.getSeconds())}.${ms}`;
}

/** `error` and `cause` of a failure event's detail, when it has them. */
function failureOf(event: HistoryEvent): { error?: string; cause?: string } {
  const { error, cause } = event.detail;
  return {
    ...(typeof error === 'string' ? { error } : {}),
    ...(typeof cause === 'string' ? { cause } : {}),
  };
}

/** The readable line of an event. */
function eventText(key: ExecutionKey, event: HistoryEvent): string {
  const parts = [clockTime(new Date(event.time)), `${key.flowName}/${key.executionName}`, event.type];
  if (event.stepName !== '') parts.push(`step=${event.stepName}`);
  if (event.type === 'TaskScheduled' && typeof event.detail.resourceArn === 'string') {
    parts.push(`resource=${event.detail.resourceArn}`);
  }
  const { error, cause } = failureOf(event);
  if (error !== undefined) parts.push(`error=${error}`);
  if (cause !== undefined && cause !== '') {
    const shown = cause.length > MAX_CAUSE_CHARS ? `${cause.slice(0, MAX_CAUSE_CHARS)}…` : cause;
    parts.push(`cause=${JSON.stringify(shown)}`);
  }
  return parts.join(' ');
}

/** The readable line of a log entry; the lines after the first (a stack) indented. */
function logText(entry: LogEntry): string {
  const { flowName, executionName } = entry.executionKey;
  const head = `${clockTime(new Date(entry.time))} ${flowName}/${executionName} step=${entry.stepName} call=${entry.callId} ${entry.level}`;
  return `${head} ${entry.message.replace(/\n/g, '\n    ')}`;
}

/** The line `flowback serve` prints for `activity` (without its newline). */
export function activityLine(activity: Activity, format: ActivityFormat): string {
  if (format === 'text') {
    return activity.kind === 'event' ? eventText(activity.key, activity.event) : logText(activity.entry);
  }
  if (activity.kind === 'event') {
    const { key, event } = activity;
    return JSON.stringify({
      kind: 'event',
      time: event.time,
      flowName: key.flowName,
      executionName: key.executionName,
      eventId: event.eventId,
      type: event.type,
      stepName: event.stepName,
      ...failureOf(event),
    });
  }
  const { entry } = activity;
  return JSON.stringify({
    kind: 'log',
    time: new Date(entry.time).toISOString(),
    flowName: entry.executionKey.flowName,
    executionName: entry.executionKey.executionName,
    stepName: entry.stepName,
    callId: entry.callId,
    level: entry.level,
    message: entry.message,
  });
}
