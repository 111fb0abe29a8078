/**
 * Port: task tokens, found by the token's HASH only (the plain token is never stored here). A record
 * waits while its task waits, then becomes a tombstone that answers late and repeated reports.
 */
import type { ExecutionKey, TokenOutcome } from '../engine/types.ts';

/** A token record: waiting, or ended (a tombstone). */
export interface TokenRecord {
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
}

/** What `register` needs. */
export interface TokenRegistration {
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

/** Stores token records. */
export interface TokenStore {
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
}
