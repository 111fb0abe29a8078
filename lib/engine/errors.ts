/** Error names the engine raises; flows retry and catch on these (see semantics.md). */
export const FlowErrors = {
  /** Matches every error in `retry`/`catch`. */
  All: 'FnF.ALL',
  TaskTimeout: 'FnF.TaskTimeout',
  HeartbeatTimeout: 'FnF.HeartbeatTimeout',
  InvalidOutput: 'FnF.InvalidOutput',
  InvalidInput: 'FnF.InvalidInput',
  DataLimitExceeded: 'FnF.DataLimitExceeded',
  Fail: 'FnF.Fail',
  FlowNotExists: 'FnF.FlowNotExists',
  /** Flow-level timeout (`TimedOut` status). */
  Timeout: 'FnF.Timeout',
  HistoryLimitExceeded: 'FnF.HistoryLimitExceeded',
} as const;

/**
 * Platform errors of a permission the engine lacks (IAM refused the call): they cannot succeed on a
 * retry until the deployment changes, so `FnF.ALL` does not retry them (a retry policy that names one
 * does, and catch rules match them as any error).
 */
export const PermissionErrors = {
  /** The engine may not invoke the function (`lambda:InvokeFunction` not granted). */
  Function: 'FC.AccessDenied',
  /** The engine may not send to the queue (`sqs:GetQueueUrl`/`sqs:SendMessage` not granted). */
  Queue: 'MNS.AccessDenied',
} as const;

/** The errors `FnF.ALL` does not retry. */
export const NON_RETRYABLE_ERRORS: readonly string[] = Object.values(PermissionErrors);

/** True when a retry/catch `errors` list matches `error`. */
export function errorMatches(errors: readonly string[], error: string): boolean {
  return errors.includes(FlowErrors.All) || errors.includes(error);
}

/** True when a retry policy's `errors` retry `error`: as {@link errorMatches}, but `FnF.ALL` skips {@link NON_RETRYABLE_ERRORS}. */
export function retryMatches(errors: readonly string[], error: string): boolean {
  if (errors.includes(error)) return true;
  return errors.includes(FlowErrors.All) && !NON_RETRYABLE_ERRORS.includes(error);
}
