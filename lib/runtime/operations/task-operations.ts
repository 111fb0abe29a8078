/**
 * Tasks: ListTasks, DescribeTask and DescribeExecution's `waitingTasks` (api.md "Task"). Served by
 * the token store's task index; no answer holds a token or a token's hash.
 */
import { isTaskOrderKey } from '../../engine/task-id.ts';
import { validateFlowName, validateStepName } from '../../fdl/index.ts';
import type { ExecutionRecord } from '../../ports/execution-store.ts';
import { OperationError } from '../errors.ts';
import type { Runtime } from '../runtime.ts';
import {
  decodePageToken,
  encodePageToken,
  invalidArgument,
  optionalInteger,
  pageLimit,
  requireName,
} from './arguments.ts';
import { taskIdArgument } from './report-operations.ts';
import { attemptOfTask, type TaskView, taskView, tokenAttempts } from './task-views.ts';

/** Longest `olderThanSeconds` (ten years: longer than any task can wait). */
export const MAX_OLDER_THAN_SECONDS = 10 * 365 * 24 * 3600;

/** ListTasks: `?status=waiting|ended&flowName&stepName&olderThanSeconds&limit&nextToken`. */
export interface ListTasksRequest {
  status?: unknown;
  flowName?: unknown;
  stepName?: unknown;
  olderThanSeconds?: unknown;
  limit?: unknown;
  nextToken?: unknown;
}

/** ListTasks' answer: oldest scheduled first. */
export interface ListTasksAnswer {
  tasks: TaskView[];
  nextToken?: string;
}

/** An optional name checked by `validate`, absent when empty. */
function optionalName(value: unknown, name: string, validate: (text: string) => string | undefined) {
  return value === undefined || value === null || value === ''
    ? undefined
    : requireName(value, name, validate);
}

/** The task operations. */
export class TaskOperations {
  readonly #runtime: Runtime;

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
  }

  /** ListTasks: tasks of one status (default `waiting`) across every execution, oldest first, paged. */
  async listTasks(request: ListTasksRequest = {}): Promise<ListTasksAnswer> {
    const status = request.status === undefined || request.status === '' ? 'waiting' : request.status;
    if (status !== 'waiting' && status !== 'ended')
      throw invalidArgument(`status must be 'waiting' or 'ended' (got ${JSON.stringify(status)})`);
    const flowName = optionalName(request.flowName, 'flowName', validateFlowName);
    const stepName = optionalName(request.stepName, 'stepName', validateStepName);
    const olderThan = optionalInteger(
      request.olderThanSeconds,
      'olderThanSeconds',
      0,
      MAX_OLDER_THAN_SECONDS,
    );
    const limit = pageLimit(request.limit);
    const position = decodePageToken(request.nextToken, { a: 'string', s: 'string' });
    if (position !== undefined && (position.s !== status || !isTaskOrderKey(position.a)))
      throw invalidArgument('nextToken is invalid (or belongs to a list of another status)');
    const page = await this.#runtime.deps.tokens.listTasks({
      status,
      limit,
      ...(flowName !== undefined ? { flowName } : {}),
      ...(stepName !== undefined ? { stepName } : {}),
      ...(olderThan !== undefined
        ? { scheduledAtOrBefore: this.#runtime.deps.clock.now() - olderThan * 1000 }
        : {}),
      ...(position !== undefined ? { after: position.a } : {}),
    });
    const tasks = page.records.flatMap((record) => taskView(record) ?? []);
    return {
      tasks,
      ...(page.next !== undefined ? { nextToken: encodePageToken({ a: page.next, s: status }) } : {}),
    };
  }

  /** DescribeTask: a task by its id, waiting or ended; `TaskNotExists` for an unknown id. */
  async describeTask(request: { taskId: unknown }): Promise<TaskView> {
    const taskId = taskIdArgument(request.taskId);
    const record = await this.#runtime.deps.tokens.findTask(taskId);
    if (record === undefined) throw new OperationError('TaskNotExists', `Task '${taskId}' does not exist`);
    let heartbeat: { heartbeatDeadline?: number } | undefined;
    if (record.status === 'waiting') {
      const execution = await this.#runtime.deps.executions.load(record.executionKey);
      if (execution !== undefined)
        heartbeat = attemptOfTask(execution.state, execution.definition.steps, taskId);
    }
    const view = taskView(record, heartbeat);
    if (view === undefined) throw new OperationError('TaskNotExists', `Task '${taskId}' does not exist`);
    return view;
  }

  /** The tasks a running execution waits for (its attempts that hold a token still waiting). */
  async waitingTasks(execution: ExecutionRecord): Promise<TaskView[]> {
    if (execution.state.status !== 'Running') return [];
    const attempts = tokenAttempts(execution.state, execution.definition.steps, this.#runtime.deps.ids);
    if (attempts.size === 0) return [];
    const records = await this.#runtime.deps.tokens.getMany([...attempts.keys()]);
    return records
      .filter((record) => record.status === 'waiting')
      .flatMap((record) => taskView(record, attempts.get(record.tokenHash)) ?? [])
      .sort((a, b) => a.scheduleEventId - b.scheduleEventId);
  }
}
