/**
 * The REST routes of api.md, each a method, a path, the body fields and query parameters it accepts,
 * and the operation it calls. Parsing and shaping only: every check of a value is the operation's.
 */
import type { Operations } from '../runtime/operations/index.ts';

/** What a REST route hands its operation: path parameters, the query and the JSON body. */
export interface RestInput {
  params: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, unknown>;
}

/** What a REST route answers: a status and a JSON body. */
export interface RestAnswer {
  status: number;
  body: unknown;
}

/** One REST route of api.md. */
export interface RestRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** The operation's name in api.md. */
  operation: string;
  /** The body fields it accepts (none: the body is not read). */
  body?: readonly string[];
  /** The query parameters it accepts. */
  query?: readonly string[];
  call(operations: Operations, input: RestInput): Promise<RestAnswer>;
}

/** A 200 answer. */
async function ok(answer: Promise<unknown>): Promise<RestAnswer> {
  return { status: 200, body: await answer };
}

/** Every REST route of api.md, in its table's order. */
export const REST_ROUTES: readonly RestRoute[] = [
  {
    method: 'POST',
    path: '/flows',
    operation: 'CreateFlow',
    body: ['name', 'definition', 'description'],
    call: async (ops, { body }) => ({
      status: 201,
      body: await ops.createFlow({
        name: body.name,
        definition: body.definition,
        description: body.description,
      }),
    }),
  },
  {
    method: 'GET',
    path: '/flows',
    operation: 'ListFlows',
    query: ['limit', 'nextToken'],
    call: (ops, { query }) => ok(ops.listFlows({ limit: query.limit, nextToken: query.nextToken })),
  },
  {
    method: 'GET',
    path: '/flows/{flow}',
    operation: 'DescribeFlow',
    call: (ops, { params }) => ok(ops.describeFlow({ name: params.flow })),
  },
  {
    method: 'PUT',
    path: '/flows/{flow}',
    operation: 'UpdateFlow',
    body: ['definition', 'description'],
    call: (ops, { params, body }) =>
      ok(ops.updateFlow({ name: params.flow, definition: body.definition, description: body.description })),
  },
  {
    method: 'DELETE',
    path: '/flows/{flow}',
    operation: 'DeleteFlow',
    call: (ops, { params }) => ok(ops.deleteFlow({ name: params.flow })),
  },
  {
    method: 'POST',
    path: '/flows/{flow}/executions',
    operation: 'StartExecution',
    body: ['executionName', 'input', 'callbackTaskToken'],
    call: async (ops, { params, body }) => {
      const started = await ops.startExecution({
        flowName: params.flow,
        executionName: body.executionName,
        input: body.input,
        callbackTaskToken: body.callbackTaskToken,
      });
      return { status: started.created ? 201 : 200, body: started.execution };
    },
  },
  {
    method: 'GET',
    path: '/flows/{flow}/executions',
    operation: 'ListExecutions',
    query: ['status', 'limit', 'nextToken'],
    call: (ops, { params, query }) =>
      ok(
        ops.listExecutions({
          flowName: params.flow,
          status: query.status,
          limit: query.limit,
          nextToken: query.nextToken,
        }),
      ),
  },
  {
    method: 'GET',
    path: '/flows/{flow}/executions/{name}',
    operation: 'DescribeExecution',
    query: ['waitTimeSeconds'],
    call: (ops, { params, query }) =>
      ok(
        ops.describeExecution({
          flowName: params.flow,
          executionName: params.name,
          waitTimeSeconds: query.waitTimeSeconds,
        }),
      ),
  },
  {
    method: 'GET',
    path: '/flows/{flow}/executions/{name}/history',
    operation: 'GetExecutionHistory',
    query: ['limit', 'nextToken'],
    call: (ops, { params, query }) =>
      ok(
        ops.getExecutionHistory({
          flowName: params.flow,
          executionName: params.name,
          limit: query.limit,
          nextToken: query.nextToken,
        }),
      ),
  },
  {
    method: 'GET',
    path: '/flows/{flow}/executions/{name}/logs',
    operation: 'GetExecutionLogs',
    query: ['limit', 'nextToken'],
    call: (ops, { params, query }) =>
      ok(
        ops.getExecutionLogs({
          flowName: params.flow,
          executionName: params.name,
          limit: query.limit,
          nextToken: query.nextToken,
        }),
      ),
  },
  {
    method: 'POST',
    path: '/flows/{flow}/executions/{name}/stop',
    operation: 'StopExecution',
    body: ['error', 'cause'],
    call: (ops, { params, body }) =>
      ok(
        ops.stopExecution({
          flowName: params.flow,
          executionName: params.name,
          error: body.error,
          cause: body.cause,
        }),
      ),
  },
  {
    method: 'POST',
    path: '/tasks/succeeded',
    operation: 'ReportTaskSucceeded',
    body: ['taskToken', 'output'],
    call: (ops, { body }) => ok(ops.reportTaskSucceeded({ taskToken: body.taskToken, output: body.output })),
  },
  {
    method: 'POST',
    path: '/tasks/failed',
    operation: 'ReportTaskFailed',
    body: ['taskToken', 'error', 'cause'],
    call: (ops, { body }) =>
      ok(ops.reportTaskFailed({ taskToken: body.taskToken, error: body.error, cause: body.cause })),
  },
  {
    method: 'POST',
    path: '/tasks/heartbeat',
    operation: 'ReportTaskHeartbeat',
    body: ['taskToken'],
    call: (ops, { body }) => ok(ops.reportTaskHeartbeat({ taskToken: body.taskToken })),
  },
  {
    method: 'GET',
    path: '/tasks',
    operation: 'ListTasks',
    query: ['status', 'flowName', 'stepName', 'olderThanSeconds', 'limit', 'nextToken'],
    call: (ops, { query }) =>
      ok(
        ops.listTasks({
          status: query.status,
          flowName: query.flowName,
          stepName: query.stepName,
          olderThanSeconds: query.olderThanSeconds,
          limit: query.limit,
          nextToken: query.nextToken,
        }),
      ),
  },
  {
    method: 'GET',
    path: '/tasks/{taskId}',
    operation: 'DescribeTask',
    call: (ops, { params }) => ok(ops.describeTask({ taskId: params.taskId })),
  },
  {
    method: 'POST',
    path: '/tasks/{taskId}/succeeded',
    operation: 'ReportTaskSucceededById',
    body: ['output'],
    call: (ops, { params, body }) =>
      ok(ops.reportTaskSucceededById({ taskId: params.taskId, output: body.output })),
  },
  {
    method: 'POST',
    path: '/tasks/{taskId}/failed',
    operation: 'ReportTaskFailedById',
    body: ['error', 'cause'],
    call: (ops, { params, body }) =>
      ok(ops.reportTaskFailedById({ taskId: params.taskId, error: body.error, cause: body.cause })),
  },
  {
    method: 'POST',
    path: '/tasks/{taskId}/heartbeat',
    operation: 'ReportTaskHeartbeatById',
    body: [],
    call: (ops, { params }) => ok(ops.reportTaskHeartbeatById({ taskId: params.taskId })),
  },
];
