/**
 * The engine's vocabulary: execution state, the events it consumes, the history events it records
 * and the commands it asks the runtime to carry out. Everything here is plain JSON so that it can be
 * stored as is.
 */
import type { Json, JsonObject, Resource, TaskPattern } from '../fdl/types.ts';

/** Version of the stored state layout; an engine must read every older version it finds. */
export const STATE_SCHEMA_VERSION = 1;

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

/** The history event types of the original (21). */
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
  | 'ExecutionTimedOut';

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

// ---------------------------------------------------------------------------------------------
// Events the engine consumes

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
}

/** A worker sent a heartbeat on a task token. */
export interface HeartbeatEvent {
  type: 'Heartbeat';
  scheduleEventId: number;
  tokenHash: string;
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

/** Any event the engine consumes. */
export type EngineEvent =
  | StartEvent
  | CallResultEvent
  | ReportEvent
  | HeartbeatEvent
  | TimerFiredEvent
  | CheckDeadlineEvent
  | StopEvent;

// ---------------------------------------------------------------------------------------------
// Commands the engine emits (carried out by the runtime, in order, after the state is committed)

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
  /** The resolved `serviceParams`, if the task has them. */
  serviceParams?: JsonObject;
  /** The task token (waitForCallback and child flows), passed to the worker or child. */
  taskToken?: string;
  heartbeatSeconds?: number;
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

// ---------------------------------------------------------------------------------------------
// Interpreter state

/** A running sequence of steps (the flow, a choice branch, a parallel branch, a foreach iteration). */
export interface SequenceFrame {
  /** The sequence's input (its parent step's input). */
  input: JsonObject;
  /** Merge of the outputs of the steps that ran. */
  local: JsonObject;
  /** Index of the current step. */
  index: number;
  /** The step running now, if it has not finished. */
  step?: StepFrame;
}

/** The current attempt of a task. */
export interface TaskAttempt {
  scheduleEventId: number;
  /** `calling`: the resource call is outstanding; `waiting`: submitted, waiting for a report/child. */
  phase: 'calling' | 'waiting';
  input: JsonObject;
  tokenHash?: string;
  /** Epoch ms of the task timeout. */
  deadline?: number;
  /** Epoch ms of the heartbeat timeout (set once submitted). */
  heartbeatDeadline?: number;
  /** A report accepted before the submission was recorded, applied right after it. */
  pendingReport?: TaskReport;
  /** Child execution started by this attempt (sync / waitForCallback child flows). */
  childFlowName?: string;
  childExecutionName?: string;
}

/** How a task step ended, kept on its frame until its sequence moves on. */
export type TaskEnding =
  | { kind: 'done'; output: JsonObject; goto?: string }
  | { kind: 'failed'; error: FlowError };

/** State of a running task step. */
export interface TaskFrame {
  type: 'task';
  id: number;
  /** Retries made so far under each retry policy (by index). */
  retryCounts: number[];
  /** Retries made so far in total (`$context.step.retryCount`). */
  retryCount: number;
  attempt?: TaskAttempt;
  /** Set while waiting out a retry delay. */
  retryTimer?: { timerId: string; fireAt: number };
  /** Set when the step has ended (success, caught error or failure). */
  ending?: TaskEnding;
}

/** State of a running parallel step: one entry per branch, a sequence while it runs. */
export interface ParallelFrame {
  type: 'parallel';
  id: number;
  input: JsonObject;
  branches: ({ running: SequenceFrame } | { done: JsonObject })[];
}

/** State of a running foreach step (a sliding window of at most 100 iterations). */
export interface ForeachFrame {
  type: 'foreach';
  id: number;
  input: JsonObject;
  items: Json[];
  /** Index of the next iteration to start. */
  next: number;
  running: Record<string, SequenceFrame>;
  /** Locals of finished iterations, in collection order (`null` until finished). */
  locals: (JsonObject | null)[];
}

/** State of a running choice step: the branch that runs. */
export interface ChoiceFrame {
  type: 'choice';
  id: number;
  input: JsonObject;
  branch: SequenceFrame;
  /** `-1` for the default branch. */
  option: number;
  goto?: string;
}

/** State of a running wait step. */
export interface WaitFrame {
  type: 'wait';
  id: number;
  input: JsonObject;
  timerId: string;
  fireAt: number;
  /** Set once the timer has fired. */
  fired?: boolean;
}

/** Any running step. */
export type StepFrame = TaskFrame | ParallelFrame | ForeachFrame | ChoiceFrame | WaitFrame;

/** The stored state of one execution. */
export interface ExecutionState {
  schemaVersion: typeof STATE_SCHEMA_VERSION;
  flowName: string;
  executionName: string;
  status: ExecutionStatus;
  /** StartExecution input (before the flow's inputMappings). */
  input: JsonObject;
  output?: JsonObject;
  error?: string;
  cause?: string;
  /** Epoch ms. */
  startedTime: number;
  stoppedTime?: number;
  parent?: ParentReference;
  /** The id the next history event gets (ids start at 1). */
  nextEventId: number;
  /** The flow's own sequence; absent once the execution has ended. */
  root?: SequenceFrame;
}

/** What `advance` returns. */
export interface AdvanceResult {
  state: ExecutionState;
  events: HistoryEvent[];
  commands: EngineCommand[];
  /** The answer to a `Report`/`Heartbeat` event (absent for other events). */
  reply?: ReportReply;
}

/**
 * The engine's answer to a report or heartbeat. `accepted` without `eventId` means the report was
 * recorded before the task's submission and will be applied right after it.
 */
export type ReportReply =
  | { accepted: true; eventId?: number }
  | { accepted: false; code: 'TaskAlreadyCompleted' | 'TaskTimedOut'; message: string };

/** Sources of identifiers and tokens (random in production, deterministic in tests). */
export interface IdSource {
  /** A new task token (≥ 128 bits of randomness, ≤ 1024 chars) and its hash. */
  newToken(): { token: string; hash: string };
  /** A new UUID (generated child execution names). */
  uuid(): string;
}
