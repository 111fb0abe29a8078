/**
 * Port: where executions live. One record per execution (its state item) plus its history events.
 * Every state change is one conditional write on `version` (see architecture.md, "Commit protocol").
 */
import type {
  EngineCommand,
  ExecutionKey,
  ExecutionState,
  ExecutionStatus,
  HistoryEvent,
} from '../engine/types.ts';
import type { FlowDefinition } from '../fdl/types.ts';

/**
 * History events and commands committed with a state but not yet carried out. Whoever touches the
 * execution next finishes it (writes the events, carries out the commands) before advancing it.
 */
export interface Outbox {
  events: HistoryEvent[];
  commands: EngineCommand[];
}

/** The state item of one execution. */
export interface ExecutionRecord {
  key: ExecutionKey;
  /** The definition the execution started with (a snapshot: UpdateFlow affects new executions only). */
  definition: FlowDefinition;
  state: ExecutionState;
  /** Incremented by every commit; the condition of the next one. */
  version: number;
  /** Pending work of the last commit; empty once carried out. */
  outbox: Outbox;
}

/** A conditional write lost against a concurrent one: reload and retry. */
export interface ConcurrencyConflict {
  ok: false;
  conflict: true;
  /** The version found, when the store knows it. */
  currentVersion?: number;
}

/** The answer of a conditional commit. */
export type CommitResult = { ok: true; version: number } | ConcurrencyConflict;

/** The answer of `create`: the new record, or the one that already had that key. */
export type CreateResult =
  | { created: true; record: ExecutionRecord }
  | { created: false; record: ExecutionRecord };

/** A position in a flow's executions, ordered by start time then name. */
export interface ExecutionCursor {
  startedTime: number;
  executionName: string;
}

/** One page of a listing. */
export interface Page<T, C> {
  items: T[];
  /** Where the next page starts; absent on the last page. */
  next?: C;
}

/** Filter and paging of `listExecutions`. */
export interface ListExecutionsQuery {
  status?: ExecutionStatus;
  limit: number;
  /** Start after this position. */
  after?: ExecutionCursor;
}

/** Stores execution records and their history. */
export interface ExecutionStore {
  /** Creates the record unless one with that key exists (then returns the existing one). */
  create(record: ExecutionRecord): Promise<CreateResult>;
  /** The record, or `undefined`. */
  load(key: ExecutionKey): Promise<ExecutionRecord | undefined>;
  /**
   * Replaces state and outbox if the stored version is still `expectedVersion`; the new version is
   * `expectedVersion + 1`. A lost race is a `ConcurrencyConflict` result, never an exception.
   */
  commit(
    key: ExecutionKey,
    expectedVersion: number,
    state: ExecutionState,
    outbox: Outbox,
  ): Promise<CommitResult>;
  /** Writes history events; an event whose `eventId` is already stored is left as it is. */
  appendHistory(key: ExecutionKey, events: HistoryEvent[]): Promise<void>;
  /** Stored history events with `eventId > afterEventId`, ascending, at most `limit`. */
  readHistory(key: ExecutionKey, afterEventId: number, limit: number): Promise<HistoryEvent[]>;
  /**
   * Empties the outbox if the record is still at `version` (a newer commit has replaced it already).
   * @returns whether it was cleared.
   */
  clearOutbox(key: ExecutionKey, version: number): Promise<boolean>;
  /** A flow's executions by start time (then name), ascending. */
  listExecutions(
    flowName: string,
    query: ListExecutionsQuery,
  ): Promise<Page<ExecutionState, ExecutionCursor>>;
  /** Keys of executions whose outbox is not empty (recovery), at most `limit` from `after`. */
  listPendingOutboxes(limit: number, after?: ExecutionKey): Promise<Page<ExecutionKey, ExecutionKey>>;
}
