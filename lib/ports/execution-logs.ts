/**
 * Port: what the functions of an execution logged (their console output and their errors), one entry
 * per line, kept per execution so that `GetExecutionLogs` can read it back. Bounded: the oldest
 * entries of an execution give way to new ones.
 */
import type { ExecutionKey } from '../engine/types.ts';

/** Severity of a log entry (`console.debug` → `DEBUG`, `log`/`info` → `INFO`, `warn` → `WARN`, `error` → `ERROR`). */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** One line a call logged (or its error), with the call it belongs to. */
export interface LogEntry {
  executionKey: ExecutionKey;
  /** The task step of the call. */
  stepName: string;
  /** The call id of the attempt (`context.callId`). */
  callId: string;
  /** Epoch ms. */
  time: number;
  level: LogLevel;
  /** The text (several lines for a stack trace). */
  message: string;
}

/** A stored entry: its position in the execution's log (ascending, gaps where entries gave way). */
export interface StoredLogEntry extends Omit<LogEntry, 'executionKey'> {
  seq: number;
}

/** Keeps and reads execution logs. */
export interface ExecutionLogs {
  /** Adds entries (to the logs of their executions); never throws for a full log, it drops the oldest. */
  append(entries: readonly LogEntry[]): Promise<void>;
  /** The entries of `key` with `seq > afterSeq`, ascending, at most `limit`. */
  read(key: ExecutionKey, afterSeq: number, limit: number): Promise<StoredLogEntry[]>;
}
