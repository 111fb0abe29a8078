/** In-memory `CallLedger` with the conditional semantics of the DynamoDB one. */
import type { ExecutionKey } from '../../engine/types.ts';
import type { CallClaim, CallLedger, ClaimResult } from '../../ports/call-ledger.ts';
import { FaultPlan } from './faults.ts';

/** A stored claim. */
interface Entry {
  owner: string;
  claimedAt: number;
  leaseUntil: number;
  claims: number;
}

/** The map key of a call. */
function entryId(key: ExecutionKey, callId: string): string {
  return `${key.flowName}\u0000${key.executionName}\u0000${callId}`;
}

/** An in-memory call ledger. */
export class MemoryCallLedger implements CallLedger {
  /** Planned faults (`failNext('claim')`). */
  readonly faults = new FaultPlan<'claim'>();
  readonly #entries = new Map<string, Entry>();

  async claim(claim: CallClaim): Promise<ClaimResult> {
    this.faults.take('claim');
    const id = entryId(claim.executionKey, claim.callId);
    const existing = this.#entries.get(id);
    const expired =
      existing !== undefined &&
      (existing.leaseUntil <= claim.now ||
        (claim.takeOverBefore !== undefined && existing.claimedAt < claim.takeOverBefore));
    if (existing !== undefined && !expired) return { claimed: false, leaseUntil: existing.leaseUntil };
    this.#entries.set(id, {
      owner: claim.owner,
      claimedAt: claim.now,
      leaseUntil: claim.leaseUntil,
      claims: (existing?.claims ?? 0) + 1,
    });
    return { claimed: true, repeat: existing !== undefined };
  }

  async release(executionKey: ExecutionKey, callId: string, owner: string): Promise<void> {
    const entry = this.#entries.get(entryId(executionKey, callId));
    if (entry !== undefined && entry.owner === owner) entry.leaseUntil = 0;
  }

  /** How many times each call id was claimed (tests). */
  claimCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const [id, entry] of this.#entries) counts.set(id.split('\u0000')[2] ?? id, entry.claims);
    return counts;
  }
}
