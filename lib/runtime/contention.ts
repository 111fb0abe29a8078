/**
 * What this process has seen of contention: executions whose commits recently lost a race. Events
 * for a hot execution go to its inbox first and wait a moment for the committer that is draining it,
 * instead of loading and committing against it — a thundering herd of 50 reporters then costs a few
 * commits, not fifty. A cold execution (the common case) is loaded and committed directly.
 */
import type { ExecutionKey } from '../engine/types.ts';

/** How long an execution stays hot after a lost race, in ms. */
export const HOT_FOR_MS = 2000;

/** Most executions remembered (the oldest are forgotten first). */
const MAX_REMEMBERED = 1000;

/** Executions that recently lost commit races, by key. */
export class HotExecutions {
  readonly #until = new Map<string, number>();

  /** Remembers a lost race on `key` at `now` (epoch ms of the real clock). */
  markLost(key: ExecutionKey, now: number = Date.now()): void {
    const id = `${key.flowName}\u0000${key.executionName}`;
    this.#until.delete(id);
    if (this.#until.size >= MAX_REMEMBERED) {
      const oldest = this.#until.keys().next().value;
      if (oldest !== undefined) this.#until.delete(oldest);
    }
    this.#until.set(id, now + HOT_FOR_MS);
  }

  /** True when `key` lost a race less than `HOT_FOR_MS` ago. */
  isHot(key: ExecutionKey, now: number = Date.now()): boolean {
    const until = this.#until.get(`${key.flowName}\u0000${key.executionName}`);
    return until !== undefined && until > now;
  }
}
