/** The events the engine consumes. */
import type { Json } from '../fdl/types.ts';
import type { TaskReport } from './history.ts';

/** Start the execution (the first event of every execution). */
export interface StartEvent {
  type: 'Start';
}

/** The runtime carried out a task's call (`CallResource`): its outcome. */
export interface CallResultEvent {
  type: 'CallResult';
  /** The attempt: its `TaskScheduled` event id. */
  scheduleEventId: number;
  result: { ok: true; output: Json } | { ok: false; error: string; cause: string };
  /**
   * The token the call carried (`CallResourceCommand.taskToken`), handed back so that
   * `TaskSubmitted` can show it: the engine's state keeps only the token's hash.
   */
  taskToken?: string;
}

/** A worker (or a child execution) reported on a task token. */
export interface ReportEvent {
  type: 'Report';
  scheduleEventId: number;
  tokenHash: string;
  report: TaskReport;
  /**
   * When the report arrived (epoch ms). The deadline is judged against it, so that a report that
   * arrived in time is not refused because applying it took a while; default: the advance's `now`.
   */
  receivedAt?: number;
}

/** A worker sent a heartbeat on a task token. */
export interface HeartbeatEvent {
  type: 'Heartbeat';
  scheduleEventId: number;
  tokenHash: string;
  /** When the heartbeat arrived (epoch ms); as for reports. */
  receivedAt?: number;
}

/** A timer the engine scheduled is due. */
export interface TimerFiredEvent {
  type: 'TimerFired';
  timerId: string;
}

/**
 * A token's deadline may have passed without its timer arriving (the TTL backstop, the sweeper):
 * times the attempt out if one of its clocks has run out, and changes nothing otherwise.
 */
export interface CheckDeadlineEvent {
  type: 'CheckDeadline';
  scheduleEventId: number;
}

/** StopExecution. */
export interface StopEvent {
  type: 'Stop';
  error: string;
  cause: string;
}

/**
 * The report of an ended child execution to its parent task (`ParentReference`) was refused for
 * good (the token is unknown, or its task had ended): recorded on the child as `ParentReportFailed`.
 */
export interface ParentReportFailedEvent {
  type: 'ParentReportFailed';
  /** The refusal's code (`TaskTimedOut`, `TaskAlreadyCompleted`, `TaskNotExists`…). */
  error: string;
  cause: string;
}

/** Any event the engine consumes. */
export type EngineEvent =
  | StartEvent
  | CallResultEvent
  | ReportEvent
  | HeartbeatEvent
  | TimerFiredEvent
  | CheckDeadlineEvent
  | StopEvent
  | ParentReportFailedEvent;
