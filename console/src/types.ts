/** The shapes of the API's answers (api.md "REST API"), as the console reads them. */
import type { HistoryEvent } from '../../lib/engine/types.ts';
import type { EventView, ExecutionView, FlowView } from '../../lib/runtime/operations/views.ts';

export type { EventView, ExecutionView, FlowView, HistoryEvent };

/** A callback task (ListTasks, DescribeTask; api.md "Task"). */
export interface TaskView {
  taskId: string;
  flowName: string;
  executionName: string;
  stepName: string;
  scheduleEventId: number;
  status: 'waiting' | 'ended';
  pattern: string;
  resourceArn: string;
  scheduledTime: string;
  submittedTime?: string;
  deadline?: string;
  heartbeatDeadline?: string;
  outcome?: 'succeeded' | 'failed' | 'timedOut' | 'cancelled';
}

/** DescribeExecution's answer: the execution, with its waiting tasks while it runs. */
export interface ExecutionDetail extends ExecutionView {
  waitingTasks?: TaskView[];
}

/** One line a function logged (GetExecutionLogs). */
export interface LogEntry {
  time: string;
  stepName: string;
  callId: string;
  level: string;
  message: string;
}

/** The execution statuses, for the filter. */
export const EXECUTION_STATUSES = ['Running', 'Succeeded', 'Failed', 'TimedOut', 'Stopped'] as const;

/** What the server says about itself (`/console/config.json`). */
export interface ConsoleConfig {
  /** `local` (the local runtime) or `proxy` (`flowback console --endpoint`). */
  mode: 'local' | 'proxy';
  /** The API endpoint the console talks to, for the header. */
  endpoint: string;
  /** Whether the proxy signs requests with SigV4. */
  signed: boolean;
}
