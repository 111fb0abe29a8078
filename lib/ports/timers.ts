/** Port: timers that deliver `TimerFired` to an execution when due. */
import type { ExecutionKey } from '../engine/types.ts';

/** One timer; `(executionKey, timerId)` identifies it, so scheduling it twice is harmless. */
export interface TimerRecord {
  executionKey: ExecutionKey;
  /** Opaque engine id. */
  timerId: string;
  /** Epoch ms. */
  fireAt: number;
}

/**
 * Schedules timers and keeps their records until delivered, so that overdue ones can be re-delivered
 * (a lost timer message, a restart).
 */
export interface Timers {
  /** Schedules (or re-schedules) a timer. */
  schedule(timer: TimerRecord): Promise<void>;
  /** Forgets a delivered timer. */
  delete(executionKey: ExecutionKey, timerId: string): Promise<void>;
  /** Timers due at `now`, by `fireAt` then scheduling order, at most `limit` (of one execution if given). */
  listDue(now: number, limit: number, executionKey?: ExecutionKey): Promise<TimerRecord[]>;
}
