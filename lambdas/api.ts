/**
 * The `api` Lambda: API Gateway REST proxy events → the HTTP API of api.md (lib/api) → proxy results.
 * The local runtime serves the same handler behind `node:http`.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { fromApiGatewayEvent, toApiGatewayResult } from '../lib/api/apigateway.ts';
import type { InternalErrorListener } from '../lib/api/errors.ts';
import { createHttpApi, type OperationsProvider } from '../lib/api/rest.ts';
import { awsComposition } from './composition.ts';

/** An API Gateway proxy handler. */
export type ApiHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/** Logs an unexpected error (answered 500) with the request it failed. */
const logInternalError: InternalErrorListener = (error, request) => {
  console.error(`api: ${request.method} ${request.path} (${request.requestId}) failed:`, error);
};

/** The API handler over the operations that `getOperations` gives (called per request, may be lazy). */
export function createApiHandler(
  getOperations: OperationsProvider,
  onInternalError: InternalErrorListener = logInternalError,
): ApiHandler {
  const api = createHttpApi(getOperations, { onInternalError });
  return async (event) => {
    const request = fromApiGatewayEvent(event);
    return toApiGatewayResult(await api(request), request.requestId);
  };
}

/** The Lambda entry point, over the AWS composition root (built at the first request). */
export const handler: ApiHandler = createApiHandler(() => awsComposition().operations);
