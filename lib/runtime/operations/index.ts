/** Every operation of the API (the REST and RPC shells call these), over one runtime. */
import type { ExecutionLogs } from '../../ports/execution-logs.ts';
import type { ReportAnswer } from '../report.ts';
import type { Runtime } from '../runtime.ts';
import {
  type DescribedExecution,
  type DescribeExecutionRequest,
  ExecutionOperations,
  type GetExecutionHistoryRequest,
  type HistoryAnswer,
  type ListExecutionsAnswer,
  type ListExecutionsRequest,
  type StartExecutionAnswer,
  type StartExecutionRequest,
  type StopExecutionRequest,
} from './execution-operations.ts';
import {
  type CreateFlowRequest,
  FlowOperations,
  type ListFlowsAnswer,
  type ListFlowsRequest,
  type UpdateFlowRequest,
} from './flow-operations.ts';
import { type ExecutionLogsAnswer, type GetExecutionLogsRequest, LogOperations } from './log-operations.ts';
import {
  ReportOperations,
  type ReportTaskFailedRequest,
  type ReportTaskHeartbeatRequest,
  type ReportTaskSucceededRequest,
  type TaskIdRequest,
} from './report-operations.ts';
import { type ListTasksAnswer, type ListTasksRequest, TaskOperations } from './task-operations.ts';
import type { TaskView } from './task-views.ts';
import type { ExecutionView, FlowView } from './views.ts';

export type { ReportAnswer } from '../report.ts';
export type * from './execution-operations.ts';
export type * from './flow-operations.ts';
export type * from './log-operations.ts';
export type * from './report-operations.ts';
export type * from './task-operations.ts';
export type { TaskView } from './task-views.ts';
export type { EventView, ExecutionView, FlowView } from './views.ts';

/** The operations of api.md, one method each (named after the operation, camelCase). */
export interface Operations {
  createFlow(request: CreateFlowRequest): Promise<FlowView>;
  describeFlow(request: { name: unknown }): Promise<FlowView>;
  updateFlow(request: UpdateFlowRequest): Promise<FlowView>;
  deleteFlow(request: { name: unknown }): Promise<Record<string, never>>;
  listFlows(request?: ListFlowsRequest): Promise<ListFlowsAnswer>;
  startExecution(request: StartExecutionRequest): Promise<StartExecutionAnswer>;
  describeExecution(request: DescribeExecutionRequest): Promise<DescribedExecution>;
  listExecutions(request: ListExecutionsRequest): Promise<ListExecutionsAnswer>;
  stopExecution(request: StopExecutionRequest): Promise<ExecutionView>;
  getExecutionHistory(request: GetExecutionHistoryRequest): Promise<HistoryAnswer>;
  /** What the execution's functions logged (local runtime; refused where no logs are kept). */
  getExecutionLogs(request: GetExecutionLogsRequest): Promise<ExecutionLogsAnswer>;
  reportTaskSucceeded(request: ReportTaskSucceededRequest): Promise<ReportAnswer>;
  reportTaskFailed(request: ReportTaskFailedRequest): Promise<ReportAnswer>;
  reportTaskHeartbeat(request: ReportTaskHeartbeatRequest): Promise<Record<string, never>>;
  /** Tasks of one status across every execution, oldest scheduled first. */
  listTasks(request?: ListTasksRequest): Promise<ListTasksAnswer>;
  describeTask(request: TaskIdRequest): Promise<TaskView>;
  reportTaskSucceededById(request: TaskIdRequest & { output: unknown }): Promise<ReportAnswer>;
  reportTaskFailedById(request: TaskIdRequest & { error: unknown; cause?: unknown }): Promise<ReportAnswer>;
  reportTaskHeartbeatById(request: TaskIdRequest): Promise<Record<string, never>>;
}

/** What the operations read besides the runtime. */
export interface OperationsExtras {
  /** The functions' logs (the local runtime keeps them; without: GetExecutionLogs is refused). */
  logs?: ExecutionLogs;
}

/** The operations over `runtime`. */
export function createOperations(runtime: Runtime, extras: OperationsExtras = {}): Operations {
  const flows = new FlowOperations(runtime);
  const logs = new LogOperations(runtime, extras.logs);
  const executions = new ExecutionOperations(runtime);
  const reports = new ReportOperations(runtime);
  const tasks = new TaskOperations(runtime);
  return {
    createFlow: (request) => flows.createFlow(request),
    describeFlow: (request) => flows.describeFlow(request),
    updateFlow: (request) => flows.updateFlow(request),
    deleteFlow: (request) => flows.deleteFlow(request),
    listFlows: (request) => flows.listFlows(request),
    startExecution: (request) => executions.startExecution(request),
    describeExecution: (request) => executions.describeExecution(request),
    listExecutions: (request) => executions.listExecutions(request),
    stopExecution: (request) => executions.stopExecution(request),
    getExecutionHistory: (request) => executions.getExecutionHistory(request),
    getExecutionLogs: (request) => logs.getExecutionLogs(request),
    reportTaskSucceeded: (request) => reports.reportTaskSucceeded(request),
    reportTaskFailed: (request) => reports.reportTaskFailed(request),
    reportTaskHeartbeat: (request) => reports.reportTaskHeartbeat(request),
    listTasks: (request) => tasks.listTasks(request),
    describeTask: (request) => tasks.describeTask(request),
    reportTaskSucceededById: (request) => reports.reportTaskSucceededById(request),
    reportTaskFailedById: (request) => reports.reportTaskFailedById(request),
    reportTaskHeartbeatById: (request) => reports.reportTaskHeartbeatById(request),
  };
}
