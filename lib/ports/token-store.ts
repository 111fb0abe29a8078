/**
 * Port: task tokens, found by the token's HASH only (the plain token is never stored here). A record
 * waits while its task waits, then becomes a tombstone that answers late and repeated reports.
 */
import type { TaskOutcomeName } from '../engine/task-id.ts';
import type { ExecutionKey, TokenOutcome } from '../engine/types.ts';
import type { TaskPattern } from '../fdl/types.ts';

/** What a record says of its task (api.md "Task"); absent on records registered before task ids. */
export interface TaskFields {
  /** The attempt's task id (`lib/engine/task-id.ts`). */
  taskId?: string;
  pattern?: TaskPattern;
  resourceArn?: string;
  /** Epoch ms of the attempt's `TaskScheduled`. */
  scheduledTime?: number;
}

/** A token record: waiting, or ended (a tombstone). */
export interface TokenRecord extends TaskFields {
  tokenHash: string;
  executionKey: ExecutionKey;
  /** The task attempt (its `TaskScheduled` event id); 0 on a tombstone made for an unknown hash. */
  scheduleEventId: number;
  /** `''` on a tombstone made for an unknown hash. */
  stepName: string;
  status: 'waiting' | 'ended';
  /** Task timeout, epoch ms. Readers compare it themselves (a TTL deletes late, or never). */
  deadline?: number;
  heartbeatSeconds?: number;
  /** How the task ended (tombstones only). */
  outcome?: TokenOutcome;
  /** Epoch ms when the record became a tombstone. */
  endedTime?: number;
  /** How the task ended, by name (tombstones; what a task list carries instead of `outcome`). */
  outcomeName?: TaskOutcomeName;
}

/** What `register` needs. */
export interface TokenRegistration extends TaskFields {
  tokenHash: string;
  executionKey: ExecutionKey;
  scheduleEventId: number;
  stepName: string;
  deadline?: number;
  heartbeatSeconds?: number;
}

/** The answer of `end`: whether this call made the tombstone, and the record as it now is. */
export interface EndResult {
  ended: boolean;
  record: TokenRecord;
}

/** A page request of `listTasks`: the records of one status with a task id, oldest scheduled first. */
export interface TaskQuery {
  status: 'waiting' | 'ended';
  flowName?: string;
  stepName?: string;
  /** Only tasks scheduled at or before this epoch ms (ListTasks' `olderThanSeconds`). */
  scheduledAtOrBefore?: number;
  /** 1–1000. */
  limit: number;
  /** The `next` of the previous page. */
  after?: string;
}

/** A page of `listTasks`: `next` (opaque, no token in it) when more may follow. */
export interface TaskPage {
  records: TokenRecord[];
  next?: string;
}

/** The lease of a call claimed on its token (see `CallLedger`, which claims calls without tokens). */
export interface TokenCallClaim {
  now: number;
  leaseUntil: number;
  owner: string;
  takeOverBefore?: number;
}

/** Stores token records. */
export interface TokenStore {
  /**
   * Registers the token of an attempt and claims its call in one write: `claimed` when the record
   * is new (`repeat: false`) or waits with an expired claim (`repeat: true`); not claimed when a live
   * claim holds it or the task has ended (a tombstone: the call is no longer wanted).
   */
  registerForCall(
    registration: TokenRegistration,
    claim: TokenCallClaim,
  ): Promise<{ claimed: true; repeat: boolean } | { claimed: false }>;
  /** Ends the call claim of `owner` on a waiting token, so that a redelivery may call again. */
  releaseCall(tokenHash: string, owner: string): Promise<void>;
  /** Creates a waiting record; a record with that hash (waiting or tombstone) is left unchanged. */
  register(registration: TokenRegistration): Promise<void>;
  /** The record of a hash, or `undefined`. */
  get(tokenHash: string): Promise<TokenRecord | undefined>;
  /**
   * Makes a waiting record a tombstone with `outcome` (a tombstone stays as it is). An unknown hash
   * gets a tombstone too, so that a registration arriving late cannot revive it.
   */
  end(tokenHash: string, outcome: TokenOutcome, executionKey: ExecutionKey, now: number): Promise<EndResult>;
  /** Waiting records whose deadline is at or before `now` (the sweeper backstop), at most `limit`. */
  listExpired(now: number, limit: number): Promise<TokenRecord[]>;
  /** The record of a task id (a waiting task or its tombstone), or `undefined`. */
  findTask(taskId: string): Promise<TokenRecord | undefined>;
  /** Records of one status across every execution, oldest scheduled first, paged (served by an index). */
  listTasks(query: TaskQuery): Promise<TaskPage>;
  /** The records of several hashes (those that exist, in no particular order). */
  getMany(tokenHashes: readonly string[]): Promise<TokenRecord[]>;
}
