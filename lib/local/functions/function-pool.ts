/**
 * Warm worker threads per function module, as Lambda keeps execution environments: a call takes an
 * idle thread of its module (the one used last, so that a module's state carries over as it would on
 * one Lambda instance), else starts one; at most `maxThreads` threads in all (a call beyond waits for
 * one to be free, and an idle thread of another module gives way). A thread idle for `idleMs`, or of
 * a file that has changed since, is ended. Stopping ends every thread: calls in progress end
 * `stopped`, and calls waiting are refused the same way.
 */
import type { LogLevel } from '../../ports/execution-logs.ts';
import { type CallAttribution, FunctionThread, type ThreadCall } from './function-thread.ts';
import type { ThreadOutcome } from './thread-protocol.ts';

/** Threads at most, all modules together (the work pollers run up to 40 calls at once). */
export const DEFAULT_MAX_THREADS = 8;

/** How long an idle thread is kept warm, in ms. */
export const DEFAULT_IDLE_MS = 5 * 60_000;

/** What a pool is made of and whom it tells. */
export interface PoolOptions {
  /** Heap limit of each thread, in MB. */
  memoryMb: number;
  maxThreads?: number;
  idleMs?: number;
  /** A line a module logged. */
  onLog(call: CallAttribution, level: LogLevel, time: number, message: string): void;
  /** A thread of `file` died between calls, after `call` (an error of a timer it left, …). */
  onIdleDeath(call: CallAttribution, outcome: ThreadOutcome, file: string): void;
}

/** A module version: its file and modification time. */
export interface ModuleVersion {
  file: string;
  mtimeMs: number;
}

/** Warm threads of function modules. */
export class FunctionPool {
  readonly #options: PoolOptions;
  readonly #maxThreads: number;
  readonly #idleMs: number;
  readonly #threads = new Set<FunctionThread>();
  /** Idle threads, the most recently used last, with their idle timers. */
  readonly #idle = new Map<FunctionThread, NodeJS.Timeout>();
  /** Calls waiting for a thread to be free. */
  readonly #waiting: (() => void)[] = [];
  #stopped = false;

  constructor(options: PoolOptions) {
    this.#options = options;
    this.#maxThreads = options.maxThreads ?? DEFAULT_MAX_THREADS;
    this.#idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
  }

  /** Runs a call of `module` on a thread of its own; `request` (a function) is read once a thread is free. */
  async run(module: ModuleVersion, request: () => ThreadCall): Promise<ThreadOutcome> {
    const thread = await this.#acquire(module);
    if (thread === undefined) return { kind: 'stopped' };
    try {
      return await thread.call(request());
    } finally {
      this.#release(thread);
    }
  }

  /** Ends every thread and refuses calls from now on. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const wake of this.#waiting.splice(0)) wake();
    for (const timer of this.#idle.values()) clearTimeout(timer);
    this.#idle.clear();
    await Promise.all([...this.#threads].map((thread) => thread.stop()));
  }

  /** A free thread of `module` (`undefined` once stopped). */
  async #acquire(module: ModuleVersion): Promise<FunctionThread | undefined> {
    for (;;) {
      if (this.#stopped) return undefined;
      const warm = this.#takeIdle(module);
      if (warm !== undefined) return warm;
      if (this.#threads.size >= this.#maxThreads) this.#retireOldestIdle();
      if (this.#threads.size < this.#maxThreads) return this.#start(module);
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
  }

  /** The most recently used idle thread of `module`; idle threads of an older version are ended. */
  #takeIdle(module: ModuleVersion): FunctionThread | undefined {
    let found: FunctionThread | undefined;
    for (const thread of this.#idle.keys()) {
      if (thread.file !== module.file) continue;
      if (thread.mtimeMs !== module.mtimeMs || !thread.usable) this.#retire(thread);
      else found = thread;
    }
    if (found !== undefined) {
      clearTimeout(this.#idle.get(found));
      this.#idle.delete(found);
    }
    return found;
  }

  #start(module: ModuleVersion): FunctionThread {
    const thread = new FunctionThread({
      ...module,
      memoryMb: this.#options.memoryMb,
      onLog: this.#options.onLog,
      onIdleDeath: (call, outcome) => this.#options.onIdleDeath(call, outcome, module.file),
      onGone: (gone) => {
        this.#threads.delete(gone);
        clearTimeout(this.#idle.get(gone));
        this.#idle.delete(gone);
        this.#waiting.shift()?.();
      },
    });
    this.#threads.add(thread);
    return thread;
  }

  /** Back to the idle threads, or ended when it cannot serve again. */
  #release(thread: FunctionThread): void {
    if (this.#stopped || !thread.usable) {
      if (thread.usable) thread.retire();
      return;
    }
    const timer = setTimeout(() => this.#retire(thread), this.#idleMs);
    timer.unref();
    this.#idle.set(thread, timer);
    this.#waiting.shift()?.();
  }

  #retire(thread: FunctionThread): void {
    clearTimeout(this.#idle.get(thread));
    this.#idle.delete(thread);
    this.#threads.delete(thread);
    thread.retire();
    this.#waiting.shift()?.();
  }

  /** Makes room: ends the idle thread used longest ago, if any. */
  #retireOldestIdle(): void {
    const oldest = this.#idle.keys().next();
    if (!oldest.done) this.#retire(oldest.value);
  }
}
