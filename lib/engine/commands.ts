/** The commands the engine emits, carried out by the runtime in order after the state is committed. */
import type { JsonObject, Resource, TaskPattern } from '../fdl/types.ts';
import type { ExecutionStatus, TaskReport } from './history.ts';

/**
 * Register a task token (before the resource is called), so that a report can find the execution.
 * `deadline` is the task timeout (epoch ms), if any.
 */
export interface RegisterTokenCommand {
  type: 'RegisterToken';
  tokenHash: string;
  scheduleEventId: number;
  stepName: string;
  deadline?: number;
  heartbeatSeconds?: number;
  /** The attempt's task id (absent on commands stored before task ids existed). */
  taskId?: string;
  pattern?: TaskPattern;
  resourceArn?: string;
  /** Epoch ms of its `TaskScheduled`. */
  scheduledTime?: number;
}

/** The task of a token ended: keep a tombstone so that late and repeated reports are answered. */
export interface EndTokenCommand {
  type: 'EndToken';
  tokenHash: string;
  outcome: TokenOutcome;
}

/** How a token's task ended, as the tombstone remembers it. */
export type TokenOutcome =
  | { kind: 'reported'; report: TaskReport; eventId?: number }
  | { kind: 'timedOut' }
  | { kind: 'cancelled' };

/**
 * Call a task's resource (invoke a function, send a message, start a child execution). The
 * runtime answers with a `CallResult` event for `scheduleEventId`.
 */
export interface CallResourceCommand {
  type: 'CallResource';
  scheduleEventId: number;
  stepName: string;
  resource: Resource;
  pattern: TaskPattern;
  /** The mapped task input. */
  input: JsonObject;
  /**
   * The attempt's call id (`$context.task.callId`): every repeat of this call carries it, so that the
   * resource can ignore a repeat. Absent only on commands stored before call ids existed.
   */
  callId?: string;
  /** The resolved `serviceParams`, if the task has them. */
  serviceParams?: JsonObject;
  /** The task token (waitForCallback and child flows), passed to the worker or child. */
  taskToken?: string;
  heartbeatSeconds?: number;
  /**
   * The attempt's deadline (epoch ms) when the task has `timeoutSeconds`: a call must not outlive it
   * (the local runtime caps its function timeout by it).
   */
  deadline?: number;
  /** For child flows: the name of the child execution (decided here, so that retries are idempotent). */
  childExecutionName?: string;
}

/** Deliver `TimerFired { timerId }` at `fireAt` (epoch ms). */
export interface ScheduleTimerCommand {
  type: 'ScheduleTimer';
  timerId: string;
  fireAt: number;
}

/** Stop a child execution (its parent task was cancelled, or the parent stopped). */
export interface StopChildCommand {
  type: 'StopChild';
  flowName: string;
  executionName: string;
  error: string;
  cause: string;
}

/** The execution ended: report to the parent (if any) and release waiters. */
export interface FinishCommand {
  type: 'Finish';
  status: Exclude<ExecutionStatus, 'Running'>;
  output?: JsonObject;
  error?: string;
  cause?: string;
}

/** Any command. */
export type EngineCommand =
  | RegisterTokenCommand
  | EndTokenCommand
  | CallResourceCommand
  | ScheduleTimerCommand
  | StopChildCommand
  | FinishCommand;
