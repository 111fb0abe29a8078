/**
 * Port: the ledger of resource calls, one entry per task attempt (its call id). Claiming an entry
 * before calling is what makes a call happen once however often its work item is delivered; only a
 * claim whose lease ran out (its caller crashed mid-call) can be claimed again.
 */
import type { ExecutionKey } from '../engine/types.ts';

/** What claiming a call needs. */
export interface CallClaim {
  executionKey: ExecutionKey;
  scheduleEventId: number;
  callId: string;
  /** Epoch ms now. */
  now: number;
  /** Epoch ms until which the claim holds. */
  leaseUntil: number;
  /** Who claims (a process or instance id), kept on the entry for diagnosis. */
  owner: string;
  /**
   * Claims made before this epoch ms count as expired: a local runtime, alone on its data folder,
   * knows that every claim older than its own start was made by a process that is gone.
   */
  takeOverBefore?: number;
}

/**
 * The answer of `claim`: `claimed` (first claim, or `repeat` after an expired one), or `held` by a
 * claim whose lease has not run out.
 */
export type ClaimResult = { claimed: true; repeat: boolean } | { claimed: false; leaseUntil: number };

/** Claims calls. */
export interface CallLedger {
  /** Claims the call of an attempt unless a live claim holds it. */
  claim(claim: CallClaim): Promise<ClaimResult>;
  /**
   * Ends the lease of a claim (if `owner` still holds it), so that the next delivery of its work item
   * may call again: its caller failed before the call's result was applied.
   */
  release(executionKey: ExecutionKey, callId: string, owner: string): Promise<void>;
}
