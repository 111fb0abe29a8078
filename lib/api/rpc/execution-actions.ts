/**
 * The execution and task actions of the RPC API: StartExecution, StopExecution, DescribeExecution,
 * ListExecutions, GetExecutionHistory, ReportTaskSucceeded, ReportTaskFailed, and the extension
 * ReportTaskHeartbeat (no SDK method: `client.request('ReportTaskHeartbeat', {TaskToken}, {method:
 * 'POST'})`). `FlowDefinition` is the flow's current definition (the original shows the copy taken at
 * the start; they differ only after an UpdateFlow), `''` once the flow is deleted.
 */
import { definitionOf, param, type RpcAction } from './rpc-action.ts';
import { RpcError } from './rpc-errors.ts';
import type { RpcParams } from './rpc-params.ts';
import { rpcEvent, rpcExecution } from './rpc-views.ts';

/** The original's longest DescribeExecution wait, in seconds. */
export const RPC_MAX_WAIT_TIME_SECONDS = 60;

/** `WaitTimeSeconds`: an integer 0–60, clamped to `max`. */
function waitTimeSeconds(params: RpcParams, max: number): number | undefined {
  const text = param(params, 'WaitTimeSeconds');
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (!/^\d+$/.test(text) || seconds > RPC_MAX_WAIT_TIME_SECONDS) {
    throw new RpcError('InvalidArgument', `WaitTimeSeconds must be an integer from 0 to 60 (got '${text}')`);
  }
  return Math.min(seconds, max);
}

/** The execution named by `FlowName` and `ExecutionName`. */
function executionOf(params: RpcParams): { flowName: string | undefined; executionName: string | undefined } {
  return { flowName: params.FlowName, executionName: params.ExecutionName };
}

/** The execution and task actions by name. */
export const EXECUTION_ACTIONS: Readonly<Record<string, RpcAction>> = {
  StartExecution: {
    required: ['FlowName'],
    unsupported: ['Qualifier'],
    call: async (ops, params) => {
      const flowName = params.FlowName ?? '';
      const started = await ops.startExecution({
        flowName,
        executionName: param(params, 'ExecutionName'),
        input: param(params, 'Input'),
        callbackTaskToken: param(params, 'CallbackFnFTaskToken'),
      });
      return rpcExecution(started.execution, await definitionOf(ops, flowName));
    },
  },
  StopExecution: {
    required: ['FlowName', 'ExecutionName'],
    call: async (ops, params) => {
      const stopped = await ops.stopExecution({
        ...executionOf(params),
        error: param(params, 'Error'),
        cause: param(params, 'Cause'),
      });
      return rpcExecution(stopped, await definitionOf(ops, stopped.flowName));
    },
  },
  DescribeExecution: {
    required: ['FlowName', 'ExecutionName'],
    call: async (ops, params, context) => {
      const execution = await ops.describeExecution({
        ...executionOf(params),
        waitTimeSeconds: waitTimeSeconds(params, context.maxWaitTimeSeconds),
        waitingTasks: false,
      });
      return rpcExecution(execution, await definitionOf(ops, execution.flowName));
    },
  },
  ListExecutions: {
    required: ['FlowName'],
    unsupported: ['StartedTimeBegin', 'StartedTimeEnd', 'ExecutionNamePrefix'],
    call: async (ops, params) => {
      const flowName = params.FlowName ?? '';
      const page = await ops.listExecutions({
        flowName,
        status: param(params, 'Status'),
        limit: param(params, 'Limit'),
        nextToken: param(params, 'NextToken'),
      });
      const definition = page.executions.length === 0 ? '' : await definitionOf(ops, flowName);
      return {
        Executions: page.executions.map((execution) => rpcExecution(execution, definition)),
        ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}),
      };
    },
  },
  GetExecutionHistory: {
    required: ['FlowName', 'ExecutionName'],
    call: async (ops, params) => {
      const page = await ops.getExecutionHistory({
        ...executionOf(params),
        limit: param(params, 'Limit'),
        nextToken: param(params, 'NextToken'),
      });
      return {
        Events: page.events.map(rpcEvent),
        ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}),
      };
    },
  },
  ReportTaskSucceeded: {
    required: ['TaskToken', 'Output'],
    call: async (ops, params) => {
      const answer = await ops.reportTaskSucceeded({ taskToken: params.TaskToken, output: params.Output });
      return answer.eventId !== undefined ? { EventId: answer.eventId } : {};
    },
  },
  ReportTaskFailed: {
    required: ['TaskToken', 'Error'],
    call: async (ops, params) => {
      const answer = await ops.reportTaskFailed({
        taskToken: params.TaskToken,
        error: params.Error,
        cause: param(params, 'Cause'),
      });
      return answer.eventId !== undefined ? { EventId: answer.eventId } : {};
    },
  },
  ReportTaskHeartbeat: {
    required: ['TaskToken'],
    call: async (ops, params) => {
      await ops.reportTaskHeartbeat({ taskToken: params.TaskToken });
      return {};
    },
  },
};
