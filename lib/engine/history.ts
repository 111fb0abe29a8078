/** Executions and their history, as the engine records them (plain JSON, stored as is). */
import type { JsonObject } from '../fdl/types.ts';

/** Terminal and non-terminal execution statuses (there is no `Starting`). */
export type ExecutionStatus = 'Running' | 'Succeeded' | 'Failed' | 'TimedOut' | 'Stopped';

/** Identifies an execution: flow name + execution name. */
export interface ExecutionKey {
  flowName: string;
  executionName: string;
}

/** Where a child execution reports its end (its parent task's token, kept only as given). */
export interface ParentReference {
  /** The callback token of the parent task (`CallbackFnFTaskToken`). */
  callbackTaskToken: string;
}

/**
 * The history event types: the original's 21, and `ParentReportFailed` (an extension: an ended child
 * execution could not report to its parent task; the one event that may follow the terminal one).
 */
export type HistoryEventType =
  | 'StepEntered'
  | 'StepStarted'
  | 'StepSucceeded'
  | 'StepFailed'
  | 'StepExited'
  | 'BranchEntered'
  | 'BranchExited'
  | 'IterationEntered'
  | 'IterationExited'
  | 'TaskScheduled'
  | 'TaskStarted'
  | 'TaskSubmitted'
  | 'TaskSubmitFailed'
  | 'TaskSucceeded'
  | 'TaskFailed'
  | 'TaskTimedOut'
  | 'ExecutionStarted'
  | 'ExecutionStopped'
  | 'ExecutionSucceeded'
  | 'ExecutionFailed'
  | 'ExecutionTimedOut'
  | 'ParentReportFailed';

/** One entry of an execution's history. */
export interface HistoryEvent {
  eventId: number;
  type: HistoryEventType;
  /** The plain step name; `''` for execution events. */
  stepName: string;
  /** ISO-8601 UTC with milliseconds. */
  time: string;
  /** The `TaskScheduled` event this one answers; 0 when none. */
  scheduleEventId: number;
  detail: JsonObject;
}

/** An error as flows see it (retry/catch match on `error`). */
export interface FlowError {
  error: string;
  cause: string;
}

/** A report on a task token, as the engine receives it. */
export type TaskReport =
  | { kind: 'succeeded'; output: JsonObject }
  | { kind: 'failed'; error: string; cause: string };
