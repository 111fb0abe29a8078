/**
 * What a function's worker thread (`function-worker.mjs`) and its parent (`function-thread.ts`) say to
 * each other, and how a call on a thread can end.
 */
import type { ThrownNames } from '../../adapters/memory/memory-invoker.ts';
import type { LogLevel } from '../../ports/execution-logs.ts';

/** A thrown error as the thread sends it back. */
export interface ThrownParts extends ThrownNames {
  message: string;
  /** Its stack (with file:line frames), `''` when it had none. */
  stack: string;
}

/** What a call ended with inside the thread. */
export type CallOutcome =
  | { kind: 'returned'; json: string }
  | { kind: 'threw'; error: ThrownParts }
  | { kind: 'notJson'; message: string };

/** A message of the thread. */
export type ThreadMessage =
  | { type: 'loaded' }
  | { type: 'noHandler' }
  | { type: 'loadFailed'; error: ThrownParts }
  | { type: 'log'; level: LogLevel; time: number; message: string }
  | { type: 'result'; outcome: CallOutcome };

/** Which limit cut a call off. */
export type TimeLimit = 'load' | 'function' | 'deadline';

/** How a call on a thread ended, as the invoker maps it to a flow result. */
export type ThreadOutcome =
  | CallOutcome
  | { kind: 'noHandler' }
  | { kind: 'loadFailed'; error: ThrownParts }
  /** Cut off after `ms` by `limit` (the thread was terminated). */
  | { kind: 'timedOut'; limit: TimeLimit; ms: number }
  /** The thread died: an uncaught error (`error`) or an exit (`exitCode`, e.g. `process.exit(7)`). */
  | { kind: 'crashed'; error?: ThrownParts; exitCode?: number; whileLoading: boolean }
  | { kind: 'outOfMemory'; limitMb: number }
  /** The local runtime is stopping: the call was cut off and will be made again after a restart. */
  | { kind: 'stopped' };
