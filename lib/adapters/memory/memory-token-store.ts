/** In-memory `TokenStore`: records by token hash, waiting or tombstone, copied in and out. */
import type { ExecutionKey, TokenOutcome } from '../../engine/types.ts';
import type {
  EndResult,
  TokenCallClaim,
  TokenRecord,
  TokenRegistration,
  TokenStore,
} from '../../ports/token-store.ts';
import { FaultPlan } from './faults.ts';

/** Operations of the token store that faults can be planned for. */
export type TokenStoreOperation = keyof TokenStore;

/** An in-memory token store. */
export class MemoryTokenStore implements TokenStore {
  /** Planned faults. */
  readonly faults = new FaultPlan<TokenStoreOperation>();
  readonly #records = new Map<string, TokenRecord>();
  /** Call claims on waiting tokens (kept apart: they are not part of a `TokenRecord`). */
  readonly #leases = new Map<string, { claimedAt: number; leaseUntil: number }>();

  async register(registration: TokenRegistration): Promise<void> {
    this.faults.take('register');
    if (this.#records.has(registration.tokenHash)) return;
    this.#records.set(registration.tokenHash, { ...structuredClone(registration), status: 'waiting' });
  }

  async registerForCall(
    registration: TokenRegistration,
    claim: TokenCallClaim,
  ): Promise<{ claimed: true; repeat: boolean } | { claimed: false }> {
    this.faults.take('registerForCall');
    const existing = this.#records.get(registration.tokenHash);
    const lease = this.#leases.get(registration.tokenHash);
    if (existing !== undefined) {
      const expired =
        lease === undefined ||
        lease.leaseUntil <= claim.now ||
        (claim.takeOverBefore !== undefined && lease.claimedAt < claim.takeOverBefore);
      if (existing.status !== 'waiting' || !expired) return { claimed: false };
    } else {
      this.#records.set(registration.tokenHash, { ...structuredClone(registration), status: 'waiting' });
    }
    this.#leases.set(registration.tokenHash, { claimedAt: claim.now, leaseUntil: claim.leaseUntil });
    return { claimed: true, repeat: existing !== undefined };
  }

  async releaseCall(tokenHash: string, _owner: string): Promise<void> {
    const lease = this.#leases.get(tokenHash);
    if (lease !== undefined) lease.leaseUntil = 0;
  }

  async get(tokenHash: string): Promise<TokenRecord | undefined> {
    this.faults.take('get');
    const record = this.#records.get(tokenHash);
    return record === undefined ? undefined : structuredClone(record);
  }

  async end(
    tokenHash: string,
    outcome: TokenOutcome,
    executionKey: ExecutionKey,
    now: number,
  ): Promise<EndResult> {
    this.faults.take('end');
    const existing = this.#records.get(tokenHash);
    if (existing?.status === 'ended') return { ended: false, record: structuredClone(existing) };
    const base: TokenRecord = existing ?? {
      tokenHash,
      executionKey: structuredClone(executionKey),
      scheduleEventId: 0,
      stepName: '',
      status: 'waiting',
    };
    const record: TokenRecord = {
      ...base,
      status: 'ended',
      outcome: structuredClone(outcome),
      endedTime: now,
    };
    this.#records.set(tokenHash, record);
    return { ended: true, record: structuredClone(record) };
  }

  async listExpired(now: number, limit: number): Promise<TokenRecord[]> {
    this.faults.take('listExpired');
    return structuredClone(
      [...this.#records.values()]
        .filter(
          (record) => record.status === 'waiting' && record.deadline !== undefined && record.deadline <= now,
        )
        .sort((a, b) => (a.deadline ?? 0) - (b.deadline ?? 0))
        .slice(0, limit),
    );
  }

  /** Every record (tests). */
  all(): TokenRecord[] {
    return structuredClone([...this.#records.values()]);
  }
}
