/**
 * Port: where executions live. One record per execution (its state item) plus its history events.
 * Every state change is one conditional write on `version`; events that lose the race wait in an
 * inbox on the same item and are applied by the next commit (README, "Commit protocol").
 */
import type {
  ChunkLocals,
  EngineCommand,
  EngineEvent,
  ExecutionKey,
  ExecutionState,
  ExecutionStatus,
  HistoryEvent,
  ResultChunk,
} from '../engine/types.ts';
import type { FlowDefinition } from '../fdl/types.ts';

/** History events and commands of one commit, to be carried out after it. */
export interface Outbox {
  events: HistoryEvent[];
  commands: EngineCommand[];
}

/**
 * A committed outbox not yet carried out, as a loaded record lists it: which commit, when, and which
 * calls it makes — not what it holds, which may be large (a foreach starting 1,000 calls) and is read
 * with `readOutbox` only by whoever must carry it out. Its committer carries it out; one left longer
 * than the runtime's outbox lease (its committer crashed) is carried out by whoever meets it.
 */
export interface PendingOutbox {
  /** The version its commit produced (its id). */
  version: number;
  /** Epoch ms of the commit. */
  committedAt: number;
  /**
   * The `scheduleEventId`s of its `CallResource` commands. None: its committer clears it once carried
   * out. Some: the commit that applies the last of their answers proves it carried out, and removes it.
   */
  calls: number[];
}

/** A pending outbox with its content: what `create` stores with a new record. */
export interface CommittedOutbox extends PendingOutbox, Outbox {}

/** The calls (`scheduleEventId`s of `CallResource` commands) of an outbox: its `PendingOutbox.calls`. */
export function callsOfOutbox(outbox: Outbox): number[] {
  return outbox.commands.flatMap((command) =>
    command.type === 'CallResource' ? [command.scheduleEventId] : [],
  );
}

/**
 * An event delivered while another commit was in progress: it waits in the execution's inbox until
 * the next committer applies it (with every other entry waiting) in one commit.
 */
export interface InboxEntry {
  /** Unique per delivery, so that the deliverer can tell whether its entry has been applied. */
  id: string;
  event: EngineEvent;
}

/** The state item of one execution. */
export interface ExecutionRecord {
  key: ExecutionKey;
  /** The definition the execution started with (a snapshot: UpdateFlow affects new executions only). */
  definition: FlowDefinition;
  state: ExecutionState;
  /** Incremented by every commit; the condition of the next one. */
  version: number;
  /** Outboxes of commits not yet carried out, oldest first. */
  outboxes: PendingOutbox[];
  /** Events waiting to be applied, in arrival order. */
  inbox: InboxEntry[];
  /**
   * The latest committed history events, kept in the state item (ascending) until there are enough
   * of them to be worth a page of their own: a short execution writes no history item at all.
   */
  recentHistory: HistoryEvent[];
  /**
   * The committer draining the inbox of a busy execution, if any: appenders leave their events to it
   * while its lease runs, instead of racing it.
   */
  drainer?: DrainLease;
}

/** Who drains an execution's inbox, and until when (epoch ms). */
export interface DrainLease {
  owner: string;
  until: number;
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

/** One commit: the new state, its outbox, and what it settles of the record it was computed from. */
export interface CommitRequest {
  /** The version the state was computed from; the new version is this + 1. */
  expectedVersion: number;
  state: ExecutionState;
  /** This commit's outbox; an empty one is not stored. */
  outbox: Outbox;
  /** Epoch ms, stored on the pending outbox. */
  committedAt: number;
  /** How many inbox entries (the oldest, as loaded at `expectedVersion`) the new state has applied. */
  consumedInbox: number;
  /** The new `recentHistory` (replaces the stored one). */
  recentHistory: HistoryEvent[];
  /**
   * Versions of pending outboxes this commit removes: carried out, as the new state proves (every
   * call they made has its result), so that their committers need not clear them.
   */
  completedOutboxes: number[];
  /** Takes (or renews) the drain lease with this commit. */
  drainer?: DrainLease;
}

/** A record to create: its first outbox (if any) with its content. */
export type NewExecutionRecord = Omit<ExecutionRecord, 'outboxes'> & { outboxes: CommittedOutbox[] };

/** A copy of a new record as `load` lists it: its pending outboxes without their content. */
export function withoutOutboxContents(record: NewExecutionRecord): ExecutionRecord {
  const { outboxes, ...rest } = record;
  return {
    ...structuredClone(rest),
    outboxes: outboxes.map(({ version, committedAt, calls }) => ({
      version,
      committedAt,
      calls: [...calls],
    })),
  };
}

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
  create(record: NewExecutionRecord): Promise<CreateResult>;
  /** The record, or `undefined`. */
  load(key: ExecutionKey): Promise<ExecutionRecord | undefined>;
  /**
   * Commits `request` if the stored version is still `request.expectedVersion`: replaces the state
   * and the recent history, adds the outbox as pending, removes the completed outboxes and the
   * consumed inbox entries, in one conditional write. A lost race is a `ConcurrencyConflict` result, never an exception.
   */
  commit(key: ExecutionKey, request: CommitRequest): Promise<CommitResult>;
  /**
   * Appends an entry to the inbox whatever the version (appends never conflict with each other or
   * with commits). @returns the record after the append, or `undefined` if the execution is gone.
   */
  appendInbox(key: ExecutionKey, entry: InboxEntry): Promise<ExecutionRecord | undefined>;
  /**
   * Gives the drain lease of `owner` up, only if the inbox is empty (else the owner drains on).
   * @returns whether it did (false too when `owner` no longer holds it).
   */
  releaseDrain(key: ExecutionKey, owner: string): Promise<boolean>;
  /** Writes history events; an event whose `eventId` is already stored is left as it is. */
  appendHistory(key: ExecutionKey, events: HistoryEvent[]): Promise<void>;
  /** Stored history events with `eventId > afterEventId`, ascending, at most `limit`. */
  readHistory(key: ExecutionKey, afterEventId: number, limit: number): Promise<HistoryEvent[]>;
  /**
   * The content of a pending outbox of `key` as loaded (events and commands), or `undefined` if it is
   * gone (cleared, or the execution removed).
   */
  readOutbox(key: ExecutionKey, pending: PendingOutbox): Promise<Outbox | undefined>;
  /**
   * Stores result chunks of `key` (a large foreach's finished locals), before the commit whose state
   * references them. Chunks are immutable: one stored again is the same. One whose commit lost stays
   * unreferenced until its TTL.
   */
  storeChunks(key: ExecutionKey, chunks: readonly ResultChunk[]): Promise<void>;
  /** The locals of the result chunks `ids` of `key`; a chunk not found is absent from the map. */
  readChunks(key: ExecutionKey, ids: readonly string[]): Promise<Map<string, ChunkLocals>>;
  /** Removes the pending outbox of commit `version` (carried out); a missing one is fine. */
  clearOutbox(key: ExecutionKey, version: number): Promise<void>;
  /** A flow's executions by start time (then name), ascending. */
  listExecutions(
    flowName: string,
    query: ListExecutionsQuery,
  ): Promise<Page<ExecutionState, ExecutionCursor>>;
  /** Keys of executions with a pending outbox or inbox entries (recovery), at most `limit` from `after`. */
  listPendingOutboxes(limit: number, after?: ExecutionKey): Promise<Page<ExecutionKey, ExecutionKey>>;
}
