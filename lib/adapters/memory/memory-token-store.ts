/** In-memory `TokenStore`: records by token hash, waiting or tombstone, copied in and out. */

import { taskOrderKey, taskOutcomeName } from '../../engine/task-id.ts';
import type { ExecutionKey, TokenOutcome } from '../../engine/types.ts';
import type {
  EndResult,
  TaskPage,
  TaskQuery,
  TokenCallClaim,
  TokenRecord,
  TokenRegistration,
  TokenStore,
} from '../../ports/token-store.ts';

/** The order of a task in lists. */
function orderKey(record: TokenRecord): string {
  return taskOrderKey(record.scheduledTime ?? 0, record.taskId ?? '');
}

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
  /** Token hashes by task id. */
  readonly #byTaskId = new Map<string, string>();

  /** Stores a new waiting record. */
  #create(registration: TokenRegistration): void {
    this.#records.set(registration.tokenHash, { ...structuredClone(registration), status: 'waiting' });
    if (registration.taskId !== undefined) this.#byTaskId.set(registration.taskId, registration.tokenHash);
  }

  async register(registration: TokenRegistration): Promise<void> {
    this.faults.take('register');
    if (this.#records.has(registration.tokenHash)) return;
    this.#create(registration);
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
      this.#create(registration);
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
      outcomeName: taskOutcomeName(outcome),
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

  async findTask(taskId: string): Promise<TokenRecord | undefined> {
    this.faults.take('findTask');
    const hash = this.#byTaskId.get(taskId);
    const record = hash === undefined ? undefined : this.#records.get(hash);
    return record === undefined ? undefined : structuredClone(record);
  }

  async listTasks(query: TaskQuery): Promise<TaskPage> {
    this.faults.take('listTasks');
    const matching = [...this.#records.values()]
      .filter(
        (record) =>
          record.taskId !== undefined &&
          record.scheduledTime !== undefined &&
          record.status === query.status &&
          (query.flowName === undefined || record.executionKey.flowName === query.flowName) &&
          (query.stepName === undefined || record.stepName === query.stepName) &&
          (query.scheduledAtOrBefore === undefined ||
            (record.scheduledTime ?? 0) <= query.scheduledAtOrBefore) &&
          (query.after === undefined || orderKey(record) > query.after),
      )
      .sort((a, b) => (orderKey(a) < orderKey(b) ? -1 : 1));
    const records = matching.slice(0, query.limit);
    const last = records.at(-1);
    return {
      records: structuredClone(records),
      ...(matching.length > query.limit && last !== undefined ? { next: orderKey(last) } : {}),
    };
  }

  async getMany(tokenHashes: readonly string[]): Promise<TokenRecord[]> {
    this.faults.take('getMany');
    return tokenHashes.flatMap((hash) => {
      const record = this.#records.get(hash);
      return record === undefined ? [] : [structuredClone(record)];
    });
  }

  /** Every record (tests). */
  all(): TokenRecord[] {
    return structuredClone([...this.#records.values()]);
  }
}
