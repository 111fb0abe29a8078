import type { ExecutionStatus } from '../engine/types.ts';
import type { JsonObject } from '../fdl/types.ts';
import type { ExecutionLogsAnswer } from '../runtime/operations/log-operations.ts';
import type { TaskView } from '../runtime/operations/task-views.ts';
import type { EventView, ExecutionView, FlowView } from '../runtime/operations/views.ts';
import { FlowbackError } from './errors.ts';
import { DEFAULT_RETRY, isRetryable, type RetryPolicy, retryAfterMs, retryDelayMs } from './retry.ts';
import { type RequestSigner, signingTarget, sigV4Signer } from './signing.ts';

/** The local runtime's address, the default endpoint. */
export const DEFAULT_ENDPOINT = 'http://127.0.0.1:8700';

/** Options of a client. */
export interface ClientOptions {
  /** Base URL of the API (a stage URL on AWS); default the local runtime. */
  endpoint?: string;
  /**
   * Signs each request. Default: SigV4 with the default AWS credential chain for an `execute-api`
   * endpoint, nothing otherwise.
   */
  signer?: RequestSigner;
  /** The fetch to use (tests). */
  fetch?: typeof fetch;
  /** How throttled and failed requests are retried (`lib/client/retry.ts`). Default `DEFAULT_RETRY`. */
  retry?: RetryPolicy;
  /** Waits between retries (tests). Default a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Random numbers in [0, 1) for the jitter (tests). Default `Math.random`. */
  random?: () => number;
}

/** One page of a listing. */
export interface Paged {
  limit?: number;
  nextToken?: string;
}

/**
 * A typed client of the Flowback REST API (api.md): one method per operation, answers as the API
 * gives them, errors as `FlowbackError` with the API's code.
 */
export class FlowbackClient {
  readonly endpoint: string;
  private readonly signer: RequestSigner | undefined;
  private readonly fetch: typeof fetch;
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(options: ClientOptions = {}) {
    this.endpoint = (options.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
    const target = signingTarget(new URL(this.endpoint));
    this.signer = options.signer ?? (target !== undefined ? sigV4Signer(target) : undefined);
    this.fetch = options.fetch ?? globalThis.fetch;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  createFlow(request: { name: string; definition: string; description?: string }): Promise<FlowView> {
    return this.call('POST', '/flows', request);
  }

  listFlows(request: Paged = {}): Promise<{ flows: FlowView[]; nextToken?: string }> {
    return this.call('GET', '/flows', undefined, paging(request));
  }

  describeFlow(request: { name: string }): Promise<FlowView> {
    return this.call('GET', `/flows/${enc(request.name)}`);
  }

  updateFlow(request: { name: string; definition?: string; description?: string }): Promise<FlowView> {
    const { name, ...body } = request;
    return this.call('PUT', `/flows/${enc(name)}`, body);
  }

  deleteFlow(request: { name: string }): Promise<Record<string, never>> {
    return this.call('DELETE', `/flows/${enc(request.name)}`);
  }

  startExecution(request: {
    flowName: string;
    executionName?: string;
    input?: JsonObject;
    callbackTaskToken?: string;
  }): Promise<ExecutionView> {
    const { flowName, ...body } = request;
    // Named, it is idempotent: the API answers the running execution of that name.
    return this.call(
      'POST',
      `/flows/${enc(flowName)}/executions`,
      body,
      {},
      body.executionName !== undefined,
    );
  }

  listExecutions(
    request: { flowName: string; status?: ExecutionStatus } & Paged,
  ): Promise<{ executions: ExecutionView[]; nextToken?: string }> {
    const query = paging(request);
    if (request.status !== undefined) query.status = request.status;
    return this.call('GET', `/flows/${enc(request.flowName)}/executions`, undefined, query);
  }

  /** With `waitTimeSeconds` (0–20), waits until the execution ends or the time is up. */
  describeExecution(request: {
    flowName: string;
    executionName: string;
    waitTimeSeconds?: number;
  }): Promise<ExecutionView & { waitingTasks?: TaskView[] }> {
    const query: Record<string, string> = {};
    if (request.waitTimeSeconds !== undefined) query.waitTimeSeconds = String(request.waitTimeSeconds);
    return this.call('GET', executionPath(request), undefined, query);
  }

  getExecutionHistory(
    request: { flowName: string; executionName: string } & Paged,
  ): Promise<{ events: EventView[]; nextToken?: string }> {
    return this.call('GET', `${executionPath(request)}/history`, undefined, paging(request));
  }

  /** What the execution's functions logged, oldest first (the local runtime keeps it). */
  getExecutionLogs(
    request: { flowName: string; executionName: string } & Paged,
  ): Promise<ExecutionLogsAnswer> {
    return this.call('GET', `${executionPath(request)}/logs`, undefined, paging(request));
  }

  stopExecution(request: {
    flowName: string;
    executionName: string;
    error?: string;
    cause?: string;
  }): Promise<ExecutionView> {
    const { flowName, executionName, ...body } = request;
    return this.call('POST', `${executionPath({ flowName, executionName })}/stop`, body);
  }

  reportTaskSucceeded(request: {
    taskToken: string;
    output: JsonObject | string;
  }): Promise<{ eventId?: number }> {
    return this.call('POST', '/tasks/succeeded', request);
  }

  reportTaskFailed(request: {
    taskToken: string;
    error: string;
    cause?: string;
  }): Promise<{ eventId?: number }> {
    return this.call('POST', '/tasks/failed', request);
  }

  reportTaskHeartbeat(request: { taskToken: string }): Promise<Record<string, never>> {
    return this.call('POST', '/tasks/heartbeat', request, {}, true);
  }

  /** Tasks of one status (default waiting) across every execution, oldest scheduled first. */
  listTasks(
    request: {
      status?: 'waiting' | 'ended';
      flowName?: string;
      stepName?: string;
      olderThanSeconds?: number;
    } & Paged = {},
  ): Promise<{ tasks: TaskView[]; nextToken?: string }> {
    const query = paging(request);
    if (request.status !== undefined) query.status = request.status;
    if (request.flowName !== undefined) query.flowName = request.flowName;
    if (request.stepName !== undefined) query.stepName = request.stepName;
    if (request.olderThanSeconds !== undefined) query.olderThanSeconds = String(request.olderThanSeconds);
    return this.call('GET', '/tasks', undefined, query);
  }

  describeTask(request: { taskId: string }): Promise<TaskView> {
    return this.call('GET', `/tasks/${enc(request.taskId)}`);
  }

  reportTaskSucceededById(request: {
    taskId: string;
    output: JsonObject | string;
  }): Promise<{ eventId?: number }> {
    return this.call('POST', `/tasks/${enc(request.taskId)}/succeeded`, { output: request.output });
  }

  reportTaskFailedById(request: {
    taskId: string;
    error: string;
    cause?: string;
  }): Promise<{ eventId?: number }> {
    const { taskId, ...body } = request;
    return this.call('POST', `/tasks/${enc(taskId)}/failed`, body);
  }

  reportTaskHeartbeatById(request: { taskId: string }): Promise<Record<string, never>> {
    return this.call('POST', `/tasks/${enc(request.taskId)}/heartbeat`, {}, {}, true);
  }

  /**
   * Sends one request (again, while it is throttled or fails and may be retried: `lib/client/retry.ts`)
   * and decodes the answer (JSON), throwing `FlowbackError` for an error answer. `idempotent`: a retry
   * after a 5xx cannot apply the request twice (default: every method but POST).
   */
  private async call<T>(
    method: string,
    path: string,
    body?: object,
    query: Record<string, string> = {},
    idempotent = method !== 'POST',
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt<T>(method, path, body, query);
      } catch (error) {
        if (
          !(error instanceof FlowbackError) ||
          attempt >= this.retry.maxAttempts ||
          !isRetryable(error.status, idempotent)
        ) {
          throw error;
        }
        await this.sleep(error.retryAfterMs ?? retryDelayMs(attempt, this.retry, this.random()));
      }
    }
  }

  /** One attempt of {@link call}. */
  private async attempt<T>(
    method: string,
    path: string,
    body: object | undefined,
    query: Record<string, string>,
  ): Promise<T> {
    const url = new URL(this.endpoint + path);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const text = body === undefined ? undefined : JSON.stringify(body);
    let headers: Record<string, string> = { accept: 'application/json' };
    if (text !== undefined) headers['content-type'] = 'application/json';
    if (this.signer)
      headers = await this.signer({ method, url, headers, ...(text !== undefined ? { body: text } : {}) });
    let response: Response;
    try {
      response = await this.fetch(url, { method, headers, ...(text !== undefined ? { body: text } : {}) });
    } catch (error) {
      const reason =
        error instanceof Error
          ? error.cause instanceof Error
            ? error.cause.message
            : error.message
          : String(error);
      throw new FlowbackError('ConnectionFailed', `cannot reach ${this.endpoint}: ${reason}`, 0);
    }
    const raw = await response.text();
    let parsed: unknown;
    try {
      parsed = raw === '' ? {} : JSON.parse(raw);
    } catch {
      throw new FlowbackError(
        'InvalidResponse',
        `${method} ${path} answered ${response.status} with non-JSON: ${raw.slice(0, 200)}`,
        response.status,
      );
    }
    if (response.ok) return parsed as T;
    const answer = (parsed ?? {}) as {
      code?: string;
      message?: string;
      requestId?: string;
      issues?: FlowbackError['issues'];
    };
    const failure = new FlowbackError(
      answer.code ?? `Http${response.status}`,
      answer.message ?? `${method} ${path} answered ${response.status}`,
      response.status,
      answer.requestId,
      answer.issues,
    );
    const wait = retryAfterMs(response.headers.get('retry-after'), this.retry);
    if (wait !== undefined) failure.retryAfterMs = wait;
    throw failure;
  }
}

/** A path segment, percent-encoded. */
function enc(segment: string): string {
  return encodeURIComponent(segment);
}

/** The path of one execution. */
function executionPath(request: { flowName: string; executionName: string }): string {
  return `/flows/${enc(request.flowName)}/executions/${enc(request.executionName)}`;
}

/** The paging query of a listing. */
function paging(request: Paged): Record<string, string> {
  const query: Record<string, string> = {};
  if (request.limit !== undefined) query.limit = String(request.limit);
  if (request.nextToken !== undefined) query.nextToken = request.nextToken;
  return query;
}
