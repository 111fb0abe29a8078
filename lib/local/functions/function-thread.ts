/**
 * One function module in its own worker thread (`node:worker_threads`), as a Lambda execution
 * environment: it loads the module once, then runs one call at a time, outside the server's event
 * loop, under a heap limit (`resourceLimits`). A call that outlives its limit, or a thread that dies
 * (an uncaught error, `process.exit`, out of memory), ends that call with an outcome saying what
 * happened; the thread is then gone and its pool starts another for the next call.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { ExecutionKey } from '../../engine/types.ts';
import type { JsonObject } from '../../fdl/types.ts';
import type { LogLevel } from '../../ports/execution-logs.ts';
import type { ThreadMessage, ThreadOutcome, ThrownParts, TimeLimit } from './thread-protocol.ts';

/** The thread's code. */
const WORKER_URL = new URL('./function-worker.mjs', import.meta.url);

/** Lines one call may log; the rest are counted in one last line. */
export const MAX_LOG_LINES_PER_CALL = 1000;

/** Characters of one log line kept (the rest is cut). */
export const MAX_LOG_LINE_CHARS = 8192;

/** Whom the lines a thread logs belong to. */
export interface CallAttribution {
  executionKey: ExecutionKey;
  stepName: string;
  callId: string;
}

/** What a thread is made of and whom it tells. */
export interface ThreadOptions {
  /** The module's absolute path. */
  file: string;
  /** Its modification time when the thread was made (an edited file gets new threads). */
  mtimeMs: number;
  /** The heap limit (V8's old generation), in MB. */
  memoryMb: number;
  /** A line the module logged, for the call it belongs to. */
  onLog(call: CallAttribution, level: LogLevel, time: number, message: string): void;
  /** The thread died between calls (a timer of the last call threw, …): told for that call. */
  onIdleDeath(call: CallAttribution, outcome: ThreadOutcome): void;
  /** The thread is gone (whatever the reason). */
  onGone(thread: FunctionThread): void;
}

/** One call: its event, the context the handler gets, and its time limits. */
export interface ThreadCall {
  event: unknown;
  context: JsonObject;
  call: CallAttribution;
  /** How long the handler may run, and which limit that is. */
  timeoutMs: number;
  limit: Exclude<TimeLimit, 'load'>;
  /** How long loading the module may take (a thread's first call only), and which limit that is. */
  loadTimeoutMs: number;
  loadLimit: Exclude<TimeLimit, 'function'>;
}

/** The call in progress. */
interface Current {
  call: CallAttribution;
  finish(outcome: ThreadOutcome): void;
}

/** The error `Worker` reports when `resourceLimits` were reached. */
const OUT_OF_MEMORY_CODE = 'ERR_WORKER_OUT_OF_MEMORY';

/** A module's worker thread. */
export class FunctionThread {
  readonly file: string;
  readonly mtimeMs: number;
  readonly #options: ThreadOptions;
  readonly #worker: Worker;
  readonly #port: MessagePort;
  #state: 'loading' | 'ready' | 'unusable' = 'loading';
  /** Posts the call waiting for the module to load. */
  #dispatch: (() => void) | undefined;
  #current: Current | undefined;
  #last: CallAttribution | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** The uncaught error the thread died of. */
  #fatal: (ThrownParts & { code?: string }) | undefined;
  /** Why this side ended the thread (its death is then no crash). */
  #endedBy: 'limit' | 'stop' | 'retire' | undefined;
  #gone = false;

  constructor(options: ThreadOptions) {
    this.#options = options;
    this.file = options.file;
    this.mtimeMs = options.mtimeMs;
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#worker = new Worker(WORKER_URL, {
      workerData: {
        file: options.file,
        port: port2,
        typescript: /\.[mc]?ts$/.test(options.file),
        maxLinesPerCall: MAX_LOG_LINES_PER_CALL,
        maxMessageChars: MAX_LOG_LINE_CHARS,
      },
      transferList: [port2],
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
      // Not the server's own flags (`--test`, loaders): the thread registers what it needs.
      execArgv: [],
    });
    port1.on('message', (message: ThreadMessage) => this.#onMessage(message));
    this.#worker.on('error', (error: Error & { code?: string }) => {
      this.#fatal = {
        name: error.name,
        constructorName: error.name,
        message: error.message,
        stack: error.stack ?? '',
        ...(error.code !== undefined ? { code: error.code } : {}),
      };
    });
    this.#worker.on('exit', (exitCode) => this.#onExit(exitCode));
    this.#setBusy(false);
  }

  /** True while the thread can take a call (loaded or loading, alive). */
  get usable(): boolean {
    return !this.#gone && this.#state !== 'unusable' && this.#endedBy === undefined;
  }

  /** Runs one call (the thread must be idle). */
  call(request: ThreadCall): Promise<ThreadOutcome> {
    return new Promise((resolve) => {
      const current: Current = {
        call: request.call,
        finish: (outcome) => {
          if (this.#current !== current) return;
          clearTimeout(this.#timer);
          this.#current = undefined;
          this.#setBusy(false);
          resolve(outcome);
        },
      };
      this.#current = current;
      this.#last = request.call;
      this.#setBusy(true);
      const dispatch = (): void => {
        this.#port.postMessage({
          type: 'call',
          event: request.event,
          context: request.context,
          timeoutMs: request.timeoutMs,
        });
        this.#limit(current, request.limit, request.timeoutMs);
      };
      if (this.#state === 'ready') dispatch();
      else {
        this.#dispatch = dispatch;
        this.#limit(current, request.loadLimit, request.loadTimeoutMs);
      }
    });
  }

  /** Ends the thread; a call in progress ends `stopped`. */
  async stop(): Promise<void> {
    this.#endedBy ??= 'stop';
    this.#current?.finish({ kind: 'stopped' });
    await this.#worker.terminate();
  }

  /** Ends an idle thread that is no longer wanted (idle too long, its file changed). */
  retire(): void {
    this.#endedBy ??= 'retire';
    void this.#worker.terminate();
  }

  /** Cuts `current` off after `ms` unless its answer is there by then. */
  #limit(current: Current, limit: TimeLimit, ms: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      // An answer posted in time may still wait in the port while this loop was busy.
      this.#drain();
      if (this.#current !== current) return;
      this.#endedBy ??= 'limit';
      current.finish({ kind: 'timedOut', limit, ms });
      void this.#worker.terminate();
    }, ms);
  }

  #onMessage(message: ThreadMessage): void {
    switch (message.type) {
      case 'loaded': {
        this.#state = 'ready';
        const dispatch = this.#dispatch;
        this.#dispatch = undefined;
        dispatch?.();
        return;
      }
      case 'noHandler':
      case 'loadFailed':
        this.#state = 'unusable';
        this.#current?.finish(
          message.type === 'noHandler' ? { kind: 'noHandler' } : { kind: 'loadFailed', error: message.error },
        );
        this.retire();
        return;
      case 'log': {
        const owner = this.#current?.call ?? this.#last;
        if (owner !== undefined) this.#options.onLog(owner, message.level, message.time, message.message);
        return;
      }
      case 'result':
        this.#current?.finish(message.outcome);
        return;
    }
  }

  /** Handles whatever the thread posted and this side has not read yet. */
  #drain(): void {
    for (let next = receiveMessageOnPort(this.#port); next !== undefined; ) {
      this.#onMessage(next.message as ThreadMessage);
      next = receiveMessageOnPort(this.#port);
    }
  }

  #onExit(exitCode: number): void {
    this.#drain();
    this.#gone = true;
    clearTimeout(this.#timer);
    this.#port.close();
    const death = this.#death(exitCode);
    if (this.#current !== undefined) this.#current.finish(death ?? { kind: 'stopped' });
    else if (death !== undefined && this.#last !== undefined) this.#options.onIdleDeath(this.#last, death);
    this.#options.onGone(this);
  }

  /** What the thread died of, or `undefined` when this side ended it. */
  #death(exitCode: number): ThreadOutcome | undefined {
    if (this.#endedBy !== undefined) return undefined;
    const whileLoading = this.#state === 'loading';
    if (this.#fatal?.code === OUT_OF_MEMORY_CODE)
      return { kind: 'outOfMemory', limitMb: this.#options.memoryMb };
    if (this.#fatal !== undefined) return { kind: 'crashed', error: this.#fatal, whileLoading };
    return { kind: 'crashed', exitCode, whileLoading };
  }

  /** A busy thread keeps the process alive; an idle one does not. */
  #setBusy(busy: boolean): void {
    if (busy) {
      this.#worker.ref();
      this.#port.ref();
    } else {
      this.#worker.unref();
      this.#port.unref();
    }
  }
}
