/**
 * Reports on task tokens (semantics.md "Executions and tokens"): find the token by hash, answer from
 * its tombstone when the task has ended (the same report again gets the original answer), else hand
 * the report to the engine and answer from its reply.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ReportReply, TaskReport } from '../engine/types.ts';
import { findAttempt } from '../engine/walk.ts';
import type { TokenRecord } from '../ports/token-store.ts';
import type { Applied } from './apply.ts';
import type { RuntimeContext } from './context.ts';
import { isOperationError, OperationError } from './errors.ts';
import { ABSORBED_ANSWER_TURNS } from './limits.ts';
import { deliverDueTimers } from './recover.ts';
import { hashToken } from './token-hash.ts';

/** A report or a heartbeat on a token. */
export type TokenRequest = { kind: 'report'; report: TaskReport } | { kind: 'heartbeat' };

/** The answer to a report: the `TaskSucceeded`/`TaskFailed` event id, absent if applied later. */
export interface ReportAnswer {
  eventId?: number;
}

/** True when two reports are the same (kind, and output or error and cause). */
function sameReport(a: TaskReport, b: TaskReport): boolean {
  if (a.kind === 'succeeded' && b.kind === 'succeeded') return isDeepStrictEqual(a.output, b.output);
  if (a.kind === 'failed' && b.kind === 'failed') return a.error === b.error && a.cause === b.cause;
  return false;
}

/** The answer a tombstone gives to `request` (an answer for a repeat, else an error). */
function answerFromTombstone(record: TokenRecord, request: TokenRequest): ReportAnswer {
  const outcome = record.outcome;
  if (
    request.kind === 'report' &&
    outcome?.kind === 'reported' &&
    sameReport(outcome.report, request.report)
  ) {
    return outcome.eventId !== undefined ? { eventId: outcome.eventId } : {};
  }
  if (outcome?.kind === 'timedOut') {
    throw new OperationError('TaskTimedOut', `Task of step '${record.stepName}' has timed out`);
  }
  throw new OperationError('TaskAlreadyCompleted', `Task of step '${record.stepName}' has already completed`);
}

/** Applies a validated report or heartbeat on `token`. */
export async function reportOnToken(
  runtime: RuntimeContext,
  token: string,
  request: TokenRequest,
): Promise<ReportAnswer> {
  const arrived = performance.now();
  const receivedAt = runtime.deps.clock.now();
  const record = await runtime.deps.tokens.get(hashToken(token));
  if (record === undefined) throw new OperationError('TaskNotExists', 'Task token does not exist');
  return reportOnRecord(runtime, record, request, arrived, receivedAt);
}

/**
 * Applies a validated report or heartbeat on the task `taskId` (api.md "report by task id"): its token
 * record is found through the task index, then the report takes the very path of a report by token.
 */
export async function reportOnTask(
  runtime: RuntimeContext,
  taskId: string,
  request: TokenRequest,
): Promise<ReportAnswer> {
  const arrived = performance.now();
  const receivedAt = runtime.deps.clock.now();
  const record = await runtime.deps.tokens.findTask(taskId);
  if (record === undefined) throw new OperationError('TaskNotExists', `Task '${taskId}' does not exist`);
  return reportOnRecord(runtime, record, request, arrived, receivedAt);
}

/** Applies a report or heartbeat on the task of a token record (read at `receivedAt`). */
async function reportOnRecord(
  runtime: RuntimeContext,
  found: TokenRecord,
  request: TokenRequest,
  arrived: number,
  receivedAt: number,
): Promise<ReportAnswer> {
  const { tokens } = runtime.deps;
  const tokenHash = found.tokenHash;
  let record = found;
  if (record.status === 'waiting' && record.deadline !== undefined && receivedAt >= record.deadline) {
    // Past the deadline whether or not the timer has fired: fire it first, so the report loses.
    await deliverDueTimers(runtime, record.executionKey);
    record = (await tokens.get(tokenHash)) ?? record;
  }
  if (record.status === 'ended') return answerFromTombstone(record, request);

  const event =
    request.kind === 'report'
      ? {
          type: 'Report' as const,
          scheduleEventId: record.scheduleEventId,
          tokenHash,
          report: request.report,
          receivedAt,
        }
      : { type: 'Heartbeat' as const, scheduleEventId: record.scheduleEventId, tokenHash, receivedAt };
  let reply: ReportReply | undefined;
  // The tombstone a look at the token found while the report waited in the inbox.
  let ended: TokenRecord | undefined;
  try {
    const applied = await runtime.apply(record.executionKey, event, {
      conflictCode: 'TaskInvalidState',
      // Cheaper than reloading the execution: a report applied by another committer ends the token.
      ...(request.kind === 'report'
        ? {
            appliedElsewhere: async () => {
              ended = await tokens.get(tokenHash);
              return ended?.status === 'ended';
            },
          }
        : { handOff: true }),
    });
    if (applied.absorbed && ended?.status === 'ended') return answerFromTombstone(ended, request);
    if (applied.absorbed) return answerAbsorbed(runtime, applied, record, request);
    reply = applied.result.reply;
  } catch (error) {
    if (isOperationError(error, 'ExecutionNotExists')) {
      throw new OperationError('TaskNotExists', 'Task token does not exist (its execution is gone)');
    }
    throw error;
  }
  if (reply?.accepted === true) {
    if (request.kind === 'report') runtime.deps.observer?.reportApplied(performance.now() - arrived);
    return reply.eventId !== undefined ? { eventId: reply.eventId } : {};
  }
  // The task has ended: its tombstone, being written by the commit that ended it, gives the answer.
  const after = await endedToken(runtime, tokenHash);
  if (after !== undefined) return answerFromTombstone(after, request);
  throw new OperationError(
    reply?.code ?? 'TaskAlreadyCompleted',
    reply?.message ?? `Task of step '${record.stepName}' has already completed`,
  );
}

/**
 * The token's tombstone, waited for a few short turns: a commit that ended the task writes it right
 * after committing. `undefined` if it does not come (that commit's outbox is carried out later).
 */
async function endedToken(
  runtime: RuntimeContext,
  tokenHash: string,
  justRead = false,
): Promise<TokenRecord | undefined> {
  for (let turn = 1; turn <= ABSORBED_ANSWER_TURNS; turn++) {
    // A caller that has just read the token waits a turn before reading it again.
    if (turn > 1 || !justRead) {
      const record = await runtime.deps.tokens.get(tokenHash);
      if (record?.status === 'ended') return record;
    }
    await runtime.pause(turn);
  }
  return undefined;
}

/**
 * The answer to a report another committer applied from the inbox: its tombstone's, once that
 * committer has written it; a report kept for after the task's submission, or a heartbeat on a task
 * that still waits, is accepted without an event id.
 */
async function answerAbsorbed(
  runtime: RuntimeContext,
  applied: Applied,
  token: TokenRecord,
  request: TokenRequest,
): Promise<ReportAnswer> {
  const now = await runtime.deps.tokens.get(token.tokenHash);
  if (now?.status === 'ended') return answerFromTombstone(now, request);
  const record = applied.record;
  const visit = findAttempt(record.state.root, record.definition.steps, token.scheduleEventId);
  if (visit !== undefined && request.kind === 'heartbeat') return {};
  const pending = visit?.frame.attempt?.pendingReport;
  if (request.kind === 'report' && pending !== undefined && sameReport(pending, request.report)) return {};
  const ended = await endedToken(runtime, token.tokenHash, true);
  // Applied, but its committer has not written the outcome yet (it will, or its successor will).
  return ended === undefined ? {} : answerFromTombstone(ended, request);
}
