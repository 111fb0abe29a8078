/** Long-poll waiters: DescribeExecution callers waiting for an execution to end (in this process). */
import type { ExecutionKey } from '../engine/types.ts';

/** A pending wait: `promise` settles when the execution ends or the time is up. */
export interface Wait {
  promise: Promise<void>;
  /** Stops waiting now (releases the timer). */
  cancel(): void;
}

/** The map key of an execution. */
function keyOf(key: ExecutionKey): string {
  return `${key.flowName}/${key.executionName}`;
}

/** Waiters by execution, released by `notify` (the `Finish` command) or their own timeout. */
export class ExecutionWaiters {
  readonly #waiting = new Map<string, Set<() => void>>();

  /** Waits at most `ms` (real time) for `notify(key)`. */
  wait(key: ExecutionKey, ms: number): Wait {
    const id = keyOf(key);
    let release: () => void = () => {};
    const promise = new Promise<void>((resolve) => {
      const timer = setTimeout(() => release(), ms);
      release = () => {
        clearTimeout(timer);
        const set = this.#waiting.get(id);
        set?.delete(release);
        if (set?.size === 0) this.#waiting.delete(id);
        resolve();
      };
    });
    const set = this.#waiting.get(id) ?? new Set<() => void>();
    set.add(release);
    this.#waiting.set(id, set);
    return { promise, cancel: () => release() };
  }

  /** Releases every waiter of `key`. */
  notify(key: ExecutionKey): void {
    for (const release of [...(this.#waiting.get(keyOf(key)) ?? [])]) release();
  }
}
