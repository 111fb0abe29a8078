/**
 * What this process has seen of contention: executions whose commits recently lost a race (and the
 * outboxes of its own commits it has carried out, which its next commit removes). Events
 * for a hot execution go to its inbox first and wait a moment for the committer that is draining it,
 * instead of loading and committing against it — a thundering herd of 50 reporters then costs a few
 * commits, not fifty. A cold execution (the common case) is loaded and committed directly.
 */
import type { ExecutionKey } from '../engine/types.ts';

/** How long an execution stays hot after a lost race, in ms. */
export const HOT_FOR_MS = 2000;

/** Most executions remembered (the oldest are forgotten first). */
const MAX_REMEMBERED = 1000;

/** The map key of an execution. */
function idOf(key: ExecutionKey): string {
  return `${key.flowName}\u0000${key.executionName}`;
}

/** Sets `id` as the newest entry of `map`, forgetting the oldest past `MAX_REMEMBERED`. */
function remember<T>(map: Map<string, T>, id: string, value: T): void {
  map.delete(id);
  if (map.size >= MAX_REMEMBERED) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
  map.set(id, value);
}

/** Executions that recently lost commit races, by key. */
export class HotExecutions {
  readonly #until = new Map<string, number>();

  /** Remembers a lost race on `key` at `now` (epoch ms of the real clock). */
  markLost(key: ExecutionKey, now: number = Date.now()): void {
    remember(this.#until, idOf(key), now + HOT_FOR_MS);
  }

  /** True when `key` lost a race less than `HOT_FOR_MS` ago. */
  isHot(key: ExecutionKey, now: number = Date.now()): boolean {
    const until = this.#until.get(idOf(key));
    return until !== undefined && until > now;
  }
}

/**
 * Pending outboxes with calls that this process committed and has carried out whole (their work
 * items are enqueued, so nothing of them is left to do): its next commit on the execution removes them,
 * instead of leaving them until a commit proves their calls answered. On a fan-out, that proof comes
 * late (every commit starts new calls), and dozens of pending outboxes of up to 8 KiB each rode in
 * every write of the state item.
 */
export class CarriedOutboxes {
  readonly #versions = new Map<string, Set<number>>();

  /** Remembers that the outbox of commit `version` of `key` was carried out by this process. */
  add(key: ExecutionKey, version: number): void {
    const id = idOf(key);
    const versions = this.#versions.get(id) ?? new Set<number>();
    versions.add(version);
    remember(this.#versions, id, versions);
  }

  /** True when this process carried out the outbox of commit `version` of `key`. */
  has(key: ExecutionKey, version: number): boolean {
    return this.#versions.get(idOf(key))?.has(version) === true;
  }

  /** Forgets the outboxes of `key` that are no longer pending (`pending`: the versions still are). */
  keepOnly(key: ExecutionKey, pending: readonly number[]): void {
    const versions = this.#versions.get(idOf(key));
    if (versions === undefined) return;
    for (const version of versions) if (!pending.includes(version)) versions.delete(version);
    if (versions.size === 0) this.#versions.delete(idOf(key));
  }
}
