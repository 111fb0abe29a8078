/**
 * The API handler (the `api` Lambda's): API Gateway proxy events (REST or HTTP API, payload 1.0) and
 * Lambda function URL events (payload 2.0) → the HTTP API of api.md (lib/api) → proxy results.
 * The local runtime serves the same handler behind `node:http`.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, LambdaFunctionURLEvent } from 'aws-lambda';
import { fromApiGatewayEvent, toApiGatewayResult } from '../api/apigateway.ts';
import type { ApprovalOptions } from '../api/callback-routes.ts';
import type { InternalErrorListener } from '../api/errors.ts';
import { fromFunctionUrlEvent, isFunctionUrlEvent } from '../api/function-url.ts';
import { createHttpApi, type OperationsProvider } from '../api/rest.ts';
import type { RpcOptions } from '../api/rpc/rpc-routes.ts';

/** An API Gateway proxy or function URL handler. */
export type ApiHandler = (
  event: APIGatewayProxyEvent | LambdaFunctionURLEvent,
) => Promise<APIGatewayProxyResult>;

/** `flowName` and `executionName` of a request's path (`/flows/{flow}/executions/{name}…`), when it names them. */
export function pathFields(path: string): Record<string, string> {
  const [, flowName, executionName] = /^\/flows\/([^/]+)(?:\/executions\/([^/]+))?/.exec(path) ?? [];
  const decoded = (part: string): string => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  };
  return {
    ...(flowName !== undefined ? { flowName: decoded(flowName) } : {}),
    ...(executionName !== undefined ? { executionName: decoded(executionName) } : {}),
  };
}

/** Reports an unexpected error on stderr (the Lambda entry logs it with Powertools instead). */
const reportInternalError: InternalErrorListener = (error, request) => {
  console.error(`${request.method} ${request.path} (${request.requestId}) failed:`, error);
};

/**
 * The API handler over the operations that `getOperations` gives (called per request, may be lazy);
 * `rpc` configures the Alibaba RPC protocol on `/` (default: on, unsigned requests accepted);
 * `approvals` serves the approval links' routes (none without).
 */
export function createApiHandler(
  getOperations: OperationsProvider,
  onInternalError: InternalErrorListener = reportInternalError,
  rpc: RpcOptions | (() => RpcOptions) = {},
  approvals?: ApprovalOptions,
): ApiHandler {
  const api = createHttpApi(getOperations, {
    onInternalError,
    rpc,
    ...(approvals !== undefined ? { approvals } : {}),
  });
  return async (event) => {
    const request = isFunctionUrlEvent(event) ? fromFunctionUrlEvent(event) : fromApiGatewayEvent(event);
    return toApiGatewayResult(await api(request), request.requestId);
  };
}
