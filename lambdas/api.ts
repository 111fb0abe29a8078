/**
 * The `api` Lambda: API Gateway REST proxy events → the HTTP API of api.md (lib/api) → proxy results.
 * The local runtime serves the same handler behind `node:http`.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { fromApiGatewayEvent, toApiGatewayResult } from '../lib/api/apigateway.ts';
import type { InternalErrorListener } from '../lib/api/errors.ts';
import { createHttpApi, type OperationsProvider } from '../lib/api/rest.ts';
import type { RpcOptions } from '../lib/api/rpc/rpc-routes.ts';
import { awsComposition, awsRpcComposition } from './composition.ts';
import { instrumented, logger } from './observability.ts';

/** An API Gateway proxy handler. */
export type ApiHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

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

/** Logs an unexpected error (answered 500) with the request it failed. */
const logInternalError: InternalErrorListener = (error, request) => {
  logger.error('request failed', {
    method: request.method,
    path: request.path,
    requestId: request.requestId,
    ...pathFields(request.path),
    error,
  });
};

/**
 * The API handler over the operations that `getOperations` gives (called per request, may be lazy);
 * `rpc` configures the Alibaba RPC protocol on `/` (default: on, unsigned requests accepted).
 */
export function createApiHandler(
  getOperations: OperationsProvider,
  onInternalError: InternalErrorListener = logInternalError,
  rpc: RpcOptions | (() => RpcOptions) = {},
): ApiHandler {
  const api = createHttpApi(getOperations, { onInternalError, rpc });
  return async (event) => {
    const request = fromApiGatewayEvent(event);
    return toApiGatewayResult(await api(request), request.requestId);
  };
}

/**
 * The Lambda entry point, over the AWS composition root (built at the first request). The RPC protocol
 * is on only when an access key secret is configured.
 */
export const handler = instrumented(
  createApiHandler(() => awsComposition().operations, logInternalError, awsRpcComposition),
);
