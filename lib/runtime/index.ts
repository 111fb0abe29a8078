/** The runtime's public surface: the loop, its operations, errors and ids. */
export type { Applied, ApplyOptions } from './apply.ts';
export { MessageAttributes } from './call-resource.ts';
export type { RuntimeContext, RuntimeDeps } from './context.ts';
export type { ErrorCode } from './errors.ts';
export { HTTP_STATUS_BY_CODE, isOperationError, OperationError, toOperationError } from './errors.ts';
export * from './limits.ts';
export type * from './operations/index.ts';
export { createOperations } from './operations/index.ts';
export { randomIds } from './random-ids.ts';
export type { RecoveryReport } from './recover.ts';
export type { ReportAnswer, TokenRequest } from './report.ts';
export { Runtime } from './runtime.ts';
export type { StartOutcome, StartRequest } from './start.ts';
export { hashToken } from './token-hash.ts';
