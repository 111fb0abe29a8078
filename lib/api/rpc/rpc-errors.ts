/**
 * Errors of the RPC protocol (fnf-reference.md §9.2): the body `{RequestId, Code, Message}` with the
 * original's HTTP status. The operations' `OperationError`s keep their codes, which are the original's
 * names (`FlowNotExists`, `TaskAlreadyCompleted`…) or semantics.md's deliberate additions
 * (`TaskTimedOut`, `TaskNotExists`), except `InvalidDefinition`, which the original does not have: it is
 * answered as `InvalidArgument`, the definition's problems listed in the message.
 */
import { type ErrorCode, OperationError } from '../../runtime/errors.ts';
import type { InternalErrorListener } from '../errors.ts';
import { type HttpRequest, type HttpResponse, jsonResponse } from '../http.ts';

/** Codes of the protocol itself (envelope and signature). */
export type ProtocolErrorCode =
  | 'ActionNotSupported'
  | 'APIVersionNotSupported'
  | 'MissingRequiredParams'
  | 'InvalidAccessKeyID'
  | 'RequestTimeTooSkewed'
  | 'SignatureNotMatch'
  | 'SignatureNonceUsed'
  | 'AccessDenied'
  | 'UnsupportedMediaType'
  | 'InvalidArgument'
  | 'EntityTooLarge';

/** HTTP statuses of the protocol's codes. */
const PROTOCOL_STATUS: Readonly<Record<ProtocolErrorCode, number>> = {
  ActionNotSupported: 400,
  APIVersionNotSupported: 400,
  MissingRequiredParams: 400,
  InvalidAccessKeyID: 403,
  RequestTimeTooSkewed: 403,
  SignatureNotMatch: 403,
  SignatureNonceUsed: 400,
  AccessDenied: 403,
  UnsupportedMediaType: 415,
  InvalidArgument: 400,
  EntityTooLarge: 400,
};

/** The RPC code of each operation code (identical but for `InvalidDefinition`). */
const CODE_OF_OPERATION: Partial<Record<ErrorCode, string>> = { InvalidDefinition: 'InvalidArgument' };

/** A refusal of the RPC layer itself. */
export class RpcError extends Error {
  override readonly name = 'RpcError';

  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
  ) {
    super(message);
  }

  /** The HTTP status of this error's code. */
  get status(): number {
    return PROTOCOL_STATUS[this.code];
  }
}

/** The body of an RPC error answer. */
export interface RpcErrorBody {
  RequestId: string;
  Code: string;
  Message: string;
}

/** The message of an operation error (an invalid definition's problems included). */
function operationMessage(error: OperationError): string {
  if (error.issues === undefined || error.issues.length === 0) return error.message;
  const issues = error.issues.map((issue) => {
    const at = issue.path === '' ? '' : `${issue.path}: `;
    return `${issue.line}:${issue.column} ${at}${issue.message}`;
  });
  return `${error.message}\n${issues.join('\n')}`;
}

/** The RPC answer to `error`; unexpected errors become `InternalServerError` (500) and are reported. */
export function rpcErrorResponse(
  error: unknown,
  request: HttpRequest,
  onInternalError?: InternalErrorListener,
): HttpResponse {
  let status: number;
  let code: string;
  let message: string;
  if (error instanceof RpcError) {
    [status, code, message] = [error.status, error.code, error.message];
  } else if (error instanceof OperationError) {
    const mapped = CODE_OF_OPERATION[error.code];
    status = mapped === undefined ? error.status : (PROTOCOL_STATUS[mapped as ProtocolErrorCode] ?? 400);
    [code, message] = [mapped ?? error.code, operationMessage(error)];
  } else {
    onInternalError?.(error, request);
    [status, code, message] = [500, 'InternalServerError', 'internal error, retry'];
  }
  const body: RpcErrorBody = { RequestId: request.requestId, Code: code, Message: message };
  return jsonResponse(status, body);
}
