/** `flowback worker`: a task queue's messages run by a command, results reported through the REST API. */
export { type KeepAliveOptions, keepAlive } from './keep-alive.ts';
export { DEFAULT_SQS_ENDPOINT, type QueueAddress, resolveQueue } from './queue-address.ts';
export { type QueueWorker, type QueueWorkerOptions, startQueueWorker } from './queue-worker.ts';
export {
  type CommandResult,
  MAX_STDOUT_BYTES,
  type RunCommandOptions,
  type RunningCommand,
  runCommand,
  STDERR_TAIL_CHARS,
} from './run-command.ts';
export { FINAL_CODES, type ReportFate, type SendReportOptions, sendReport } from './send-report.ts';
export { failed, type TaskOutcome, taskOutcome } from './task-outcome.ts';
