/**
 * The `api` Lambda: API Gateway proxy events → the API handler (lib/handlers/api-handler.ts) over the
 * AWS composition root (built at the first request); the RPC protocol is on only when an access-key
 * secret is configured. Unexpected errors are logged with Powertools.
 */
import type { InternalErrorListener } from '../lib/api/errors.ts';
import { createApiHandler, pathFields } from '../lib/handlers/api-handler.ts';
import { awsComposition, awsRpcComposition, loadAwsLinkSigner } from './composition.ts';
import { instrumented, logger } from './observability.ts';

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

/** The approval links' signer (read before the first request: links are signed inside the engine). */
const signer = await loadAwsLinkSigner();

/** The Lambda entry point. */
export const handler = instrumented(
  createApiHandler(
    () => awsComposition().operations,
    logInternalError,
    awsRpcComposition,
    signer !== undefined ? { signer, clock: { now: () => Date.now() } } : undefined,
  ),
);
