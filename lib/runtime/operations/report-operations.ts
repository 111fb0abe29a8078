/** Task reports: ReportTaskSucceeded, ReportTaskFailed, ReportTaskHeartbeat (validated first). */

import { isTaskIdShape, MAX_TASK_ID_LENGTH } from '../../engine/task-id.ts';
import { MAX_CAUSE_LENGTH, MAX_ERROR_LENGTH, MAX_TOKEN_LENGTH } from '../limits.ts';
import type { ReportAnswer, TokenRequest } from '../report.ts';
import type { Runtime } from '../runtime.ts';
import { invalidArgument, optionalString, payloadObject, requireString } from './arguments.ts';

/** ReportTaskSucceeded: `{taskToken, output}` (`output` a JSON object or the JSON text of one). */
export interface ReportTaskSucceededRequest {
  taskToken: unknown;
  output: unknown;
}

/** ReportTaskFailed: `{taskToken, error, cause?}`. */
export interface ReportTaskFailedRequest {
  taskToken: unknown;
  error: unknown;
  cause?: unknown;
}

/** ReportTaskHeartbeat: `{taskToken}`. */
export interface ReportTaskHeartbeatRequest {
  taskToken: unknown;
}

/** Names a task by its id (api.md "report by task id"): the bodies above without `taskToken`. */
export interface TaskIdRequest {
  taskId: unknown;
}

/** The task token argument. */
function taskToken(value: unknown): string {
  return requireString(value, 'taskToken', 1, MAX_TOKEN_LENGTH);
}

/** The task id argument: its shape only (an unknown id is `TaskNotExists`). */
export function taskIdArgument(value: unknown): string {
  const taskId = requireString(value, 'taskId', 1, MAX_TASK_ID_LENGTH);
  if (!isTaskIdShape(taskId)) throw invalidArgument('taskId is not a task id (base64url characters only)');
  return taskId;
}

/** The report of ReportTaskSucceeded. */
function succeeded(request: { output: unknown }): TokenRequest {
  return { kind: 'report', report: { kind: 'succeeded', output: payloadObject(request.output, 'output') } };
}

/** The report of ReportTaskFailed. */
function failed(request: { error: unknown; cause?: unknown }): TokenRequest {
  const error = requireString(request.error, 'error', 1, MAX_ERROR_LENGTH);
  const cause = optionalString(request.cause, 'cause', 0, MAX_CAUSE_LENGTH) ?? '';
  return { kind: 'report', report: { kind: 'failed', error, cause } };
}

/** The report operations. */
export class ReportOperations {
  readonly #runtime: Runtime;

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
  }

  /** ReportTaskSucceeded → `{eventId?}`. */
  async reportTaskSucceeded(request: ReportTaskSucceededRequest): Promise<ReportAnswer> {
    const token = taskToken(request.taskToken);
    return this.#runtime.report(token, succeeded(request));
  }

  /** ReportTaskFailed → `{eventId?}`. */
  async reportTaskFailed(request: ReportTaskFailedRequest): Promise<ReportAnswer> {
    const token = taskToken(request.taskToken);
    return this.#runtime.report(token, failed(request));
  }

  /** ReportTaskSucceeded by task id → `{eventId?}`, as by token. */
  async reportTaskSucceededById(request: TaskIdRequest & { output: unknown }): Promise<ReportAnswer> {
    const taskId = taskIdArgument(request.taskId);
    return this.#runtime.reportTask(taskId, succeeded(request));
  }

  /** ReportTaskFailed by task id → `{eventId?}`, as by token. */
  async reportTaskFailedById(
    request: TaskIdRequest & { error: unknown; cause?: unknown },
  ): Promise<ReportAnswer> {
    const taskId = taskIdArgument(request.taskId);
    return this.#runtime.reportTask(taskId, failed(request));
  }

  /** ReportTaskHeartbeat by task id → `{}`. */
  async reportTaskHeartbeatById(request: TaskIdRequest): Promise<Record<string, never>> {
    const taskId = taskIdArgument(request.taskId);
    await this.#runtime.reportTask(taskId, { kind: 'heartbeat' });
    return {};
  }

  /** ReportTaskHeartbeat → `{}`; restarts the task's heartbeat clock. */
  async reportTaskHeartbeat(request: ReportTaskHeartbeatRequest): Promise<Record<string, never>> {
    const token = taskToken(request.taskToken);
    await this.#runtime.report(token, { kind: 'heartbeat' });
    return {};
  }
}
