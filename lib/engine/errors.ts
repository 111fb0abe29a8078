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

/** True when a retry/catch `errors` list matches `error`. */
export function errorMatches(errors: readonly string[], error: string): boolean {
  return errors.includes(FlowErrors.All) || errors.includes(error);
}
