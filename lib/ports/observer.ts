/** Port: what the runtime tells about executions, for metrics and logs (optional). */
import type { ExecutionKey, ExecutionStatus, HistoryEvent } from '../engine/types.ts';

/** Told when executions start and end, what their history records, and how long applying a report took. */
export interface RuntimeObserver {
  /** A new execution was created (not a repeated StartExecution of a running one). */
  executionStarted(key: ExecutionKey): void;
  /** An execution reached its final status (told when its `Finish` is carried out: again if a crash replays it). */
  executionFinished(key: ExecutionKey, status: Exclude<ExecutionStatus, 'Running'>): void;
  /** A report (ReportTaskSucceeded/Failed) was applied, `latencyMs` after it arrived. */
  reportApplied(latencyMs: number): void;
  /**
   * The ended child execution `key` could not report to its parent task: the refusal (recorded on the
   * child as `ParentReportFailed`). Told each time the child's `Finish` is carried out.
   */
  parentReportFailed?(key: ExecutionKey, refusal: { code: string; message: string }): void;
  /**
   * A commit recorded these history events (in order), told once per commit that made them, right
   * after it: the local runtime prints them as activity lines.
   */
  historyRecorded?(key: ExecutionKey, events: readonly HistoryEvent[]): void;
}
