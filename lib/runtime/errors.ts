/** The errors operations answer with (api.md "Errors"); HTTP statuses are mapped at the edge. */
import type { DefinitionIssue } from '../fdl/types.ts';

/** Every error code an operation may answer with. */
export type ErrorCode =
  | 'InvalidArgument'
  | 'EntityTooLarge'
  | 'InvalidDefinition'
  | 'FlowNotExists'
  | 'ExecutionNotExists'
  | 'TaskNotExists'
  | 'FlowAlreadyExists'
  | 'ExecutionAlreadyExists'
  | 'ExecutionAlreadyCompleted'
  | 'TaskAlreadyCompleted'
  | 'TaskTimedOut'
  | 'TaskInvalidState'
  | 'ConcurrentUpdateError'
  | 'AccessDenied'
  | 'SignatureNotMatch'
  | 'ResourceThrottled'
  | 'InternalServerError';

/** The HTTP status of each code (api.md). */
export const HTTP_STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  InvalidArgument: 400,
  EntityTooLarge: 400,
  InvalidDefinition: 400,
  FlowNotExists: 404,
  ExecutionNotExists: 404,
  TaskNotExists: 404,
  FlowAlreadyExists: 409,
  ExecutionAlreadyExists: 400,
  ExecutionAlreadyCompleted: 400,
  TaskAlreadyCompleted: 400,
  TaskTimedOut: 400,
  TaskInvalidState: 409,
  ConcurrentUpdateError: 409,
  AccessDenied: 403,
  SignatureNotMatch: 403,
  ResourceThrottled: 429,
  InternalServerError: 500,
};

/** An operation refused or failed; `code` is the contract, `message` is for people. */
export class OperationError extends Error {
  override readonly name = 'OperationError';
  readonly code: ErrorCode;
  /** Every problem of an invalid definition (`InvalidDefinition` only). */
  readonly issues?: DefinitionIssue[];

  constructor(code: ErrorCode, message: string, issues?: DefinitionIssue[]) {
    super(message);
    this.code = code;
    if (issues !== undefined) this.issues = issues;
  }

  /** The HTTP status of this error's code. */
  get status(): number {
    return HTTP_STATUS_BY_CODE[this.code];
  }
}

/** True when `error` is an `OperationError` (with one of `codes`, if given). */
export function isOperationError(error: unknown, ...codes: ErrorCode[]): error is OperationError {
  return error instanceof OperationError && (codes.length === 0 || codes.includes(error.code));
}

/** Any thrown value as an `OperationError` (unexpected ones become `InternalServerError`). */
export function toOperationError(error: unknown): OperationError {
  if (error instanceof OperationError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new OperationError('InternalServerError', `internal error: ${message}`);
}
