/**
 * In-process waiters: DescribeExecution long-polls waiting for an execution to end, and reports
 * waiting in an inbox for the commit of this process that applies them.
 */
import type { ExecutionKey } from '../engine/types.ts';

/** A pending wait: `promise` settles when its key is notified or the time is up. */
export interface Wait {
  promise: Promise<void>;
  /** Stops waiting now (releases the timer). */
  cancel(): void;
}

/** Waiters by key, released by `notify` or their own timeout. */
class KeyedWaiters<K> {
  readonly #waiting = new Map<string, Set<() => void>>();

  constructor(private readonly keyOf: (key: K) => string) {}

  /** Waits at most `ms` (real time) for `notify(key)`. */
  wait(key: K, ms: number): Wait {
    const id = this.keyOf(key);
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
  notify(key: K): void {
    for (const release of [...(this.#waiting.get(this.keyOf(key)) ?? [])]) release();
  }
}

/** Waiters for executions to end, released by the `Finish` command. */
export class ExecutionWaiters extends KeyedWaiters<ExecutionKey> {
  constructor() {
    super((key) => `${key.flowName}/${key.executionName}`);
  }
}

/**
 * The drainers of this process and the reports waiting for them. A report whose inbox entry waits
 * for a drainer of this same process is woken by the commit that applies it (once that commit's
 * outbox is carried out) or when that drainer leaves, instead of looking again and again: each look
 * is a store request, and a busy execution's drainer may take many cycles to reach an entry.
 */
export class LocalDrains {
  readonly #waiters = new KeyedWaiters<string>((id) => id);
  readonly #drainers = new Set<string>();

  /** True while the drainer `owner` (a drain lease's owner) runs in this process. */
  isLocal(owner: string): boolean {
    return this.#drainers.has(owner);
  }

  /** Marks `owner` as draining here until `leave`. */
  enter(owner: string): void {
    this.#drainers.add(owner);
  }

  /** `owner` stopped draining: its waiters look for themselves. */
  leave(owner: string): void {
    this.#drainers.delete(owner);
    this.#waiters.notify(`drainer:${owner}`);
  }

  /** The inbox entry `entryId` was applied by a commit of this process, its outbox carried out. */
  applied(entryId: string): void {
    this.#waiters.notify(`entry:${entryId}`);
  }

  /** Waits for `entryId` to be applied, for `owner` to leave, for `pause` to pass, or `ms` at most. */
  async wait(entryId: string, owner: string, ms: number, pause?: Promise<void>): Promise<void> {
    const entry = this.#waiters.wait(`entry:${entryId}`, ms);
    const drainer = this.#waiters.wait(`drainer:${owner}`, ms);
    await Promise.race([entry.promise, drainer.promise, ...(pause !== undefined ? [pause] : [])]);
    entry.cancel();
    drainer.cancel();
  }
}
