/**
 * A child execution and its parent task: the token a StartExecution names as `callbackTaskToken`
 * must belong to a task that waits, and the child's end is reported on it; a refusal that is final
 * is recorded on the child (`ParentReportFailed`) and told to the observer, never dropped.
 */
import type { FinishCommand, TaskReport } from '../engine/types.ts';
import type { ExecutionRecord } from '../ports/execution-store.ts';
import type { TokenStore } from '../ports/token-store.ts';
import type { RuntimeContext } from './context.ts';
import { isOperationError, OperationError } from './errors.ts';
import { hashToken } from './token-hash.ts';

/**
 * Checks the `callbackTaskToken` of a StartExecution: its task must wait (looked up by the token's
 * hash only). @throws OperationError `TaskNotExists` for an unknown token, `TaskTimedOut` or
 * `TaskAlreadyCompleted` for a task that has ended (the answers a report on it would get).
 */
export async function requireWaitingParent(tokens: TokenStore, token: string, now: number): Promise<void> {
  const record = await tokens.get(hashToken(token));
  if (record === undefined) {
    throw new OperationError('TaskNotExists', 'callbackTaskToken: no task has this token');
  }
  const timedOut =
    record.status === 'ended'
      ? record.outcome?.kind === 'timedOut'
      : record.deadline !== undefined && now >= record.deadline;
  if (timedOut) {
    throw new OperationError(
      'TaskTimedOut',
      `callbackTaskToken: the task of step '${record.stepName}' has timed out`,
    );
  }
  if (record.status === 'ended') {
    throw new OperationError(
      'TaskAlreadyCompleted',
      `callbackTaskToken: the task of step '${record.stepName}' has already completed`,
    );
  }
}

/** True for a refusal that may pass: a lost race, a fault (the outbox is carried out again). */
function retryable(error: OperationError): boolean {
  return ['TaskInvalidState', 'ConcurrentUpdateError', 'ResourceThrottled', 'InternalServerError'].includes(
    error.code,
  );
}

/** The parent's view of how a child ended, as a report on the parent task's token. */
function finishReport(record: ExecutionRecord, command: FinishCommand): TaskReport {
  if (command.status === 'Succeeded') {
    return { kind: 'succeeded', output: command.output ?? record.state.output ?? {} };
  }
  const error = command.error ?? record.state.error ?? '';
  return {
    kind: 'failed',
    error: error === '' ? `FnF.Execution${command.status}` : error,
    cause: command.cause ?? record.state.cause ?? '',
  };
}

/**
 * Reports the end of `record` (a child) to its parent task, if it has one. A refusal that may pass
 * (a lost race, a fault) is thrown, so that the outbox is carried out again; a final one is recorded
 * on the child and told — except for a child stopped after its parent task had ended, which is how
 * a parent stops its children (nothing was lost).
 */
export async function reportToParent(
  runtime: RuntimeContext,
  record: ExecutionRecord,
  command: FinishCommand,
): Promise<void> {
  const parent = record.state.parent;
  if (parent === undefined) return;
  try {
    await runtime.report(parent.callbackTaskToken, { kind: 'report', report: finishReport(record, command) });
    return;
  } catch (error) {
    if (!isOperationError(error)) throw error;
    if (retryable(error)) throw error;
    const parentEnded = error.code === 'TaskAlreadyCompleted' || error.code === 'TaskTimedOut';
    if (command.status === 'Stopped' && parentEnded) return;
    runtime.deps.observer?.parentReportFailed?.(record.key, { code: error.code, message: error.message });
    if (record.state.parentReportFailed !== undefined) return;
    await runtime.apply(record.key, { type: 'ParentReportFailed', error: error.code, cause: error.message });
  }
}
