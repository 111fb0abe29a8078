/**
 * Errors at the HTTP edge: an `OperationError` (or anything thrown) → the status of its code and the body
 * `{code, message, requestId}` (+ `issues` for `InvalidDefinition`), as api.md specifies.
 */
import type { DefinitionIssue } from '../fdl/types.ts';
import { type ErrorCode, OperationError, toOperationError } from '../runtime/errors.ts';
import { type HttpRequest, type HttpResponse, jsonResponse } from './http.ts';

/** The codes of the HTTP layer itself: no route for the path, or none for the method. */
export type RoutingErrorCode = 'NotFound' | 'MethodNotAllowed';

/** Every code an HTTP answer may carry. */
export type HttpErrorCode = ErrorCode | RoutingErrorCode;

/** The body of an error answer. */
export interface ErrorBody {
  code: HttpErrorCode;
  message: string;
  requestId: string;
  issues?: DefinitionIssue[];
}

/** Called with an unexpected error (one that becomes `InternalServerError`), for logs. */
export type InternalErrorListener = (error: unknown, request: HttpRequest) => void;

/** The answer to `error`; unexpected errors become `InternalServerError` (500) and are reported. */
export function errorResponse(
  error: unknown,
  request: HttpRequest,
  onInternalError?: InternalErrorListener,
): HttpResponse {
  if (!(error instanceof OperationError)) onInternalError?.(error, request);
  const failure = toOperationError(error);
  const body: ErrorBody = {
    code: failure.code,
    message: failure.message,
    requestId: request.requestId,
    ...(failure.issues !== undefined ? { issues: failure.issues } : {}),
  };
  return jsonResponse(failure.status, body);
}

/** 404 `NotFound`: no route has this path. */
export function notFoundResponse(request: HttpRequest): HttpResponse {
  const body: ErrorBody = {
    code: 'NotFound',
    message: `No route for ${request.method} ${request.path}`,
    requestId: request.requestId,
  };
  return jsonResponse(404, body);
}

/** 405 `MethodNotAllowed`: the path exists, but not with this method (`allow` lists the methods it has). */
export function methodNotAllowedResponse(request: HttpRequest, allow: readonly string[]): HttpResponse {
  const body: ErrorBody = {
    code: 'MethodNotAllowed',
    message: `${request.method} is not allowed on ${request.path}; allowed: ${allow.join(', ')}`,
    requestId: request.requestId,
  };
  return jsonResponse(405, body, { allow: allow.join(', ') });
}
