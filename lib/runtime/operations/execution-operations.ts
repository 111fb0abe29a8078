/** Executions: StartExecution, DescribeExecution, ListExecutions, StopExecution, GetExecutionHistory. */
import type { ExecutionKey, ExecutionStatus, HistoryEvent } from '../../engine/types.ts';
import { validateExecutionName, validateFlowName } from '../../fdl/index.ts';
import type { ExecutionRecord } from '../../ports/execution-store.ts';
import { executionNotExists } from '../apply.ts';
import { OperationError } from '../errors.ts';
import { MAX_CAUSE_LENGTH, MAX_ERROR_LENGTH, MAX_TOKEN_LENGTH, MAX_WAIT_TIME_SECONDS } from '../limits.ts';
import { requireWaitingParent } from '../parent-report.ts';
import type { Runtime } from '../runtime.ts';
import {
  decodePageToken,
  encodePageToken,
  invalidArgument,
  optionalInteger,
  optionalString,
  pageLimit,
  payloadObject,
  requireName,
} from './arguments.ts';
import { TaskOperations } from './task-operations.ts';
import type { TaskView } from './task-views.ts';
import { type EventView, type ExecutionView, executionView } from './views.ts';

/** StartExecution: `{flowName, executionName?, input?, callbackTaskToken?}`. */
export interface StartExecutionRequest {
  flowName: unknown;
  executionName?: unknown;
  /** A JSON object, or the JSON text of one (default `{}`). */
  input?: unknown;
  callbackTaskToken?: unknown;
}

/** StartExecution's answer: the execution, and whether this call created it (201) or found it (200). */
export interface StartExecutionAnswer {
  execution: ExecutionView;
  created: boolean;
}

/** Names an execution: `{flowName, executionName}`. */
export interface ExecutionRequest {
  flowName: unknown;
  executionName: unknown;
}

/** DescribeExecution: long-polls up to `waitTimeSeconds` (0–20) for the execution to end. */
export interface DescribeExecutionRequest extends ExecutionRequest {
  waitTimeSeconds?: unknown;
  /** Adds `waitingTasks` while it runs (default true; the RPC protocol has no such field). */
  waitingTasks?: boolean;
}

/** What DescribeExecution answers: the execution, and the tasks it waits for while it runs. */
export interface DescribedExecution extends ExecutionView {
  waitingTasks?: TaskView[];
}

/** StopExecution: `{error?, cause?}`. */
export interface StopExecutionRequest extends ExecutionRequest {
  error?: unknown;
  cause?: unknown;
}

/** GetExecutionHistory: `{limit?, nextToken?}`. */
export interface GetExecutionHistoryRequest extends ExecutionRequest {
  limit?: unknown;
  nextToken?: unknown;
}

/** GetExecutionHistory's answer. */
export interface HistoryAnswer {
  events: EventView[];
  nextToken?: string;
}

/** ListExecutions: `{flowName, status?, limit?, nextToken?}`. */
export interface ListExecutionsRequest {
  flowName: unknown;
  status?: unknown;
  limit?: unknown;
  nextToken?: unknown;
}

/** ListExecutions' answer. */
export interface ListExecutionsAnswer {
  executions: ExecutionView[];
  nextToken?: string;
}

/** How often a long-poll re-reads the execution (its end may happen in another process), in ms. */
const LONG_POLL_INTERVAL_MS = 1000;

const STATUSES: readonly ExecutionStatus[] = ['Running', 'Succeeded', 'Failed', 'TimedOut', 'Stopped'];

/** The execution key of a request. */
function executionKey(request: ExecutionRequest): ExecutionKey {
  return {
    flowName: requireName(request.flowName, 'flowName', validateFlowName),
    executionName: requireName(request.executionName, 'executionName', validateExecutionName),
  };
}

/** The execution operations. */
export class ExecutionOperations {
  readonly #runtime: Runtime;
  readonly #tasks: TaskOperations;

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
    this.#tasks = new TaskOperations(runtime);
  }

  /** StartExecution. A running execution of that name is returned (`created: false`). */
  async startExecution(request: StartExecutionRequest): Promise<StartExecutionAnswer> {
    const flowName = requireName(request.flowName, 'flowName', validateFlowName);
    const named =
      request.executionName === undefined || request.executionName === null || request.executionName === ''
        ? undefined
        : requireName(request.executionName, 'executionName', validateExecutionName);
    const input =
      request.input === undefined || request.input === null ? {} : payloadObject(request.input, 'input');
    const token = optionalString(request.callbackTaskToken, 'callbackTaskToken', 1, MAX_TOKEN_LENGTH);
    const flow = await this.#runtime.deps.flows.get(flowName);
    if (flow === undefined) throw new OperationError('FlowNotExists', `Flow '${flowName}' does not exist`);
    // A child whose parent task does not wait could never report its end.
    if (token !== undefined)
      await requireWaitingParent(this.#runtime.deps.tokens, token, this.#runtime.deps.clock.now());
    const key = { flowName, executionName: named ?? this.#runtime.deps.ids.uuid() };
    const started = await this.#runtime.start({
      key,
      definition: flow.definition,
      input,
      ...(token !== undefined ? { parent: { callbackTaskToken: token } } : {}),
    });
    if (!started.created && started.record.state.status !== 'Running') {
      throw new OperationError(
        'ExecutionAlreadyExists',
        `Execution '${key.executionName}' for flow '${flowName}' already exists`,
      );
    }
    return { execution: executionView(started.record.state), created: started.created };
  }

  /** DescribeExecution, with an optional long-poll until the execution ends. */
  async describeExecution(request: DescribeExecutionRequest): Promise<DescribedExecution> {
    const key = executionKey(request);
    const waitSeconds =
      optionalInteger(request.waitTimeSeconds, 'waitTimeSeconds', 0, MAX_WAIT_TIME_SECONDS) ?? 0;
    const until = Date.now() + waitSeconds * 1000;
    // An end in this process releases the wait at once; one in another process (another Lambda) is
    // seen by re-reading every LONG_POLL_INTERVAL_MS. Subscribe before reading, so none is missed.
    for (;;) {
      const left = until - Date.now();
      const wait =
        left > 0 ? this.#runtime.waiters.wait(key, Math.min(left, LONG_POLL_INTERVAL_MS)) : undefined;
      const record = await this.#load(key).catch((error: unknown) => {
        wait?.cancel();
        throw error;
      });
      if (wait === undefined || record.state.status !== 'Running') {
        wait?.cancel();
        if (request.waitingTasks === false || record.state.status !== 'Running')
          return executionView(record.state);
        return { ...executionView(record.state), waitingTasks: await this.#tasks.waitingTasks(record) };
      }
      await wait.promise;
      wait.cancel();
    }
  }

  /** ListExecutions of a flow, by start time. */
  async listExecutions(request: ListExecutionsRequest): Promise<ListExecutionsAnswer> {
    const flowName = requireName(request.flowName, 'flowName', validateFlowName);
    const status =
      request.status === undefined || request.status === null || request.status === ''
        ? undefined
        : request.status;
    if (status !== undefined && !STATUSES.includes(status as ExecutionStatus)) {
      throw invalidArgument(`status must be one of ${STATUSES.join(', ')}`);
    }
    const limit = pageLimit(request.limit);
    const after = decodePageToken(request.nextToken, { t: 'number', n: 'string' });
    const page = await this.#runtime.deps.executions.listExecutions(flowName, {
      limit,
      ...(status !== undefined ? { status: status as ExecutionStatus } : {}),
      ...(after !== undefined ? { after: { startedTime: after.t, executionName: after.n } } : {}),
    });
    if (
      page.items.length === 0 &&
      after === undefined &&
      (await this.#runtime.deps.flows.get(flowName)) === undefined
    ) {
      throw new OperationError('FlowNotExists', `Flow '${flowName}' does not exist`);
    }
    return {
      executions: page.items.map(executionView),
      ...(page.next !== undefined
        ? { nextToken: encodePageToken({ t: page.next.startedTime, n: page.next.executionName }) }
        : {}),
    };
  }

  /** StopExecution → the stopped execution; `ExecutionAlreadyCompleted` when not running. */
  async stopExecution(request: StopExecutionRequest): Promise<ExecutionView> {
    const key = executionKey(request);
    const error = optionalString(request.error, 'error', 1, MAX_ERROR_LENGTH) ?? '';
    const cause = optionalString(request.cause, 'cause', 0, MAX_CAUSE_LENGTH) ?? '';
    const applied = await this.#runtime.stop(key, error, cause);
    return executionView(applied.record.state);
  }

  /**
   * GetExecutionHistory. Events kept in the state item (recent ones, and those of pending outboxes)
   * are merged with the stored pages, so
   * that an ended execution's history always ends with its final event.
   */
  async getExecutionHistory(request: GetExecutionHistoryRequest): Promise<HistoryAnswer> {
    const key = executionKey(request);
    const limit = pageLimit(request.limit);
    const afterEventId = decodePageToken(request.nextToken, { a: 'number' })?.a ?? 0;
    const record = await this.#load(key);
    const stored = await this.#runtime.deps.executions.readHistory(key, afterEventId, limit + 1);
    const byId = new Map<number, HistoryEvent>();
    const pending = [...record.recentHistory];
    for (const outbox of record.outboxes) {
      pending.push(...((await this.#runtime.deps.executions.readOutbox(key, outbox))?.events ?? []));
    }
    for (const event of [...stored, ...pending]) {
      if (event.eventId > afterEventId && !byId.has(event.eventId)) byId.set(event.eventId, event);
    }
    const events = [...byId.values()].sort((a, b) => a.eventId - b.eventId);
    const page = events.slice(0, limit);
    const last = page.at(-1);
    return {
      events: page,
      ...(events.length > limit && last !== undefined
        ? { nextToken: encodePageToken({ a: last.eventId }) }
        : {}),
    };
  }

  /** The record of `key`, or `ExecutionNotExists`. */
  async #load(key: ExecutionKey): Promise<ExecutionRecord> {
    const record = await this.#runtime.deps.executions.load(key);
    if (record === undefined) throw executionNotExists(key);
    return record;
  }
}
