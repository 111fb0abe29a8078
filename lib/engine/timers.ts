/**
 * Timer ids. They are opaque to the runtime; the engine parses them back to find what is due.
 * Each id is unique for what it waits for, so that scheduling the same timer twice is harmless.
 */

/** What a timer is for. */
export type TimerRef =
  | { kind: 'task-timeout'; scheduleEventId: number }
  | { kind: 'heartbeat'; scheduleEventId: number; deadline: number }
  | { kind: 'retry'; stepId: number; retryCount: number }
  | { kind: 'wait'; stepId: number }
  | { kind: 'flow-timeout' };

/** The id of a timer. */
export function timerId(ref: TimerRef): string {
  switch (ref.kind) {
    case 'task-timeout':
      return `task-timeout:${ref.scheduleEventId}`;
    case 'heartbeat':
      return `heartbeat:${ref.scheduleEventId}:${ref.deadline}`;
    case 'retry':
      return `retry:${ref.stepId}:${ref.retryCount}`;
    case 'wait':
      return `wait:${ref.stepId}`;
    case 'flow-timeout':
      return 'flow-timeout';
  }
}

/** Parses a timer id; `undefined` for an id this engine never made. */
export function parseTimerId(id: string): TimerRef | undefined {
  const [kind, a, b] = id.split(':');
  const first = Number(a);
  const second = Number(b);
  switch (kind) {
    case 'task-timeout':
      return Number.isInteger(first) ? { kind, scheduleEventId: first } : undefined;
    case 'heartbeat':
      return Number.isInteger(first) && Number.isFinite(second)
        ? { kind, scheduleEventId: first, deadline: second }
        : undefined;
    case 'retry':
      return Number.isInteger(first) && Number.isInteger(second)
        ? { kind, stepId: first, retryCount: second }
        : undefined;
    case 'wait':
      return Number.isInteger(first) ? { kind, stepId: first } : undefined;
    case 'flow-timeout':
      return { kind };
    default:
      return undefined;
  }
}
