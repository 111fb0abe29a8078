/** The interpreter's state of one execution, and what `advance` returns. */
import type { JsonObject } from '../fdl/types.ts';
import type { EngineCommand } from './commands.ts';
import type { ExecutionStatus, FlowError, HistoryEvent, ParentReference, TaskReport } from './history.ts';
import type { ResultChunk } from './results.ts';

/**
 * Version of the stored state layout this engine writes; it reads every older version it finds
 * (`upgradeState`). 1 stored the input of every sequence and container step, and a foreach's items;
 * 2 stores none of them: they are derived from the execution input and the locals (`inputs.ts`).
 * 3 no longer stores a task attempt's input and token hash either: its token is derived from the
 * execution's `tokenSeed` and its `TaskScheduled` id, its input from its sequence (`attempt-data.ts`),
 * so that a thousand waiting callbacks cost a few bytes each instead of ~80 incompressible ones.
 * 4 keeps a foreach's finished locals by index (not in an array with a slot per item) and moves them,
 * a chunk at a time, out of the state into result chunks stored apart (`results.ts`).
 */
export const STATE_SCHEMA_VERSION = 4;

/** Every stored state layout version (states of older ones are upgraded when advanced). */
export type StateSchemaVersion = 1 | 2 | 3 | typeof STATE_SCHEMA_VERSION;

/**
 * A running sequence of steps (the flow, a choice branch, a parallel branch, a foreach iteration).
 * Its input is not stored: it is its parent step's input (with the item for an iteration), or the
 * flow's mapped input, derived when needed.
 */
export interface SequenceFrame {
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
  /**
   * The attempt's input, stored only by attempts started under schema 2 or older (their token was
   * random); a newer attempt's is derived when needed (`Ctx.attemptInput`).
   */
  input?: JsonObject;
  /** The hash of the token of an attempt started under schema 2 or older (random, so stored). */
  tokenHash?: string;
  /** Set when the attempt was issued a token: derived from the execution's seed (`issueToken`). */
  hasToken?: true;
  /** When the attempt's approval links expire (epoch s), when it was given some. */
  linksExpire?: number;
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
  branches: ({ running: SequenceFrame } | { done: JsonObject })[];
}

/**
 * State of a running foreach step (a sliding window of at most `maxConcurrency` iterations). Its
 * items are read from its input when needed, not stored.
 */
export interface ForeachFrame {
  type: 'foreach';
  id: number;
  /** Index of the next iteration to start. */
  next: number;
  /** Running iterations by collection index. */
  running: Record<string, SequenceFrame>;
  /**
   * Locals of finished iterations by collection index, those not yet moved to a result chunk.
   * Always empty when no output mapping of the step reads `$local` (nothing could tell them apart).
   */
  locals: Record<string, JsonObject>;
  /** About how many bytes of JSON `locals` holds: past `RESULT_CHUNK_BYTES` they go to a chunk. */
  localsBytes?: number;
  /** The result chunks (ids) holding the other finished locals, oldest first. */
  stored?: string[];
}

/** State of a running choice step: the branch that runs. */
export interface ChoiceFrame {
  type: 'choice';
  id: number;
  branch: SequenceFrame;
  /** `-1` for the default branch. */
  option: number;
  goto?: string;
}

/** State of a running wait step. */
export interface WaitFrame {
  type: 'wait';
  id: number;
  timerId: string;
  fireAt: number;
  /** Set once the timer has fired. */
  fired?: boolean;
}

/** Any running step. */
export type StepFrame = TaskFrame | ParallelFrame | ForeachFrame | ChoiceFrame | WaitFrame;

/** The stored state of one execution. */
export interface ExecutionState {
  /** The layout it was written in; `advance` upgrades an older one first. */
  schemaVersion: StateSchemaVersion;
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
  /** Why the report of this (ended) execution to its parent task was refused, once recorded. */
  parentReportFailed?: FlowError;
  /** The id the next history event gets (ids start at 1). */
  nextEventId: number;
  /**
   * The secret the execution's task tokens are derived from (`IdSource.tokenOf`), set when its first
   * token is issued. Engine-internal: never part of an API answer.
   */
  tokenSeed?: string;
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
  /** Result chunks the new state references: to be stored before it is committed (`results.ts`). */
  chunks?: ResultChunk[];
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
  /** A new secret for an execution's tokens (≥ 128 bits of randomness). */
  newSeed(): string;
  /**
   * The token of the attempt whose `TaskScheduled` id is `scheduleEventId` in the execution whose
   * seed is `seed`, and its hash: the same whenever asked, unguessable without the seed, ≤ 1024 chars.
   */
  tokenOf(seed: string, scheduleEventId: number): { token: string; hash: string };
  /** A new UUID (generated child execution names). */
  uuid(): string;
  /**
   * The signed approval links of a waitForCallback task (`$context.task.approveUrl` / `rejectUrl`),
   * valid until `expires` (epoch seconds); absent where no link secret is configured.
   */
  approvalLinks?(taskId: string, expires: number): ApprovalLinks;
}

/** The two links of an approval (api.md "Approval links"). */
export interface ApprovalLinks {
  approveUrl: string;
  rejectUrl: string;
}
