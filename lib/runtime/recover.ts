/**
 * Timer delivery and recovery: finish every pending outbox, re-deliver overdue timers, and sweep
 * waiting tokens past their deadline (the backstop for a lost timer).
 */
import type { ExecutionKey } from '../engine/types.ts';
import type { TokenRecord } from '../ports/token-store.ts';
import { settleExecution } from './apply.ts';
import type { RuntimeContext } from './context.ts';
import { isOperationError } from './errors.ts';
import { RECOVERY_BATCH } from './limits.ts';
import { handleNudge, NUDGE_TIMER_ID } from './nudge.ts';

/** What `recover()` did. */
export interface RecoveryReport {
  /** Outboxes carried out. */
  outboxes: number;
  /** Timers delivered. */
  timers: number;
  /** Expired waiting tokens examined by the sweeper. */
  expiredTokens: number;
  /** Executions whose recovery threw (left for the next run), with the message. */
  failures: { executionKey: ExecutionKey; message: string }[];
}

/** Delivers one timer (an execution that no longer exists just drops it), then forgets it. */
export async function deliverTimer(
  runtime: RuntimeContext,
  executionKey: ExecutionKey,
  timerId: string,
): Promise<void> {
  if (timerId === NUDGE_TIMER_ID) return handleNudge(runtime, executionKey);
  try {
    await runtime.apply(executionKey, { type: 'TimerFired', timerId }, { handOff: true });
  } catch (error) {
    if (!isOperationError(error, 'ExecutionNotExists')) throw error;
  }
  await runtime.deps.timers.delete(executionKey, timerId);
}

/** Delivers every timer due now (of one execution, if given), in order. @returns how many. */
export async function deliverDueTimers(
  runtime: RuntimeContext,
  executionKey?: ExecutionKey,
): Promise<number> {
  let delivered = 0;
  for (;;) {
    const due = await runtime.deps.timers.listDue(runtime.deps.clock.now(), RECOVERY_BATCH, executionKey);
    for (const timer of due) await deliverTimer(runtime, timer.executionKey, timer.timerId);
    delivered += due.length;
    if (due.length < RECOVERY_BATCH) return delivered;
  }
}

/** Carries out every pending outbox and applies every waiting inbox. */
async function recoverOutboxes(runtime: RuntimeContext, report: RecoveryReport): Promise<void> {
  const { executions } = runtime.deps;
  let after: ExecutionKey | undefined;
  do {
    const page = await executions.listPendingOutboxes(RECOVERY_BATCH, after);
    for (const key of page.items) {
      try {
        // Recovery runs before anything else commits: every pending outbox is a crashed committer's.
        await settleExecution(runtime, key, true);
        report.outboxes += 1;
      } catch (error) {
        report.failures.push({
          executionKey: key,
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
    after = page.next;
  } while (after !== undefined);
}

/**
 * The backstop for a lost timer (the sweeper locally, the TTL-deletion stream on AWS): a token still
 * waiting past its deadline times its task out, if the task still waits; a token whose execution is
 * gone or has ended becomes a `cancelled` tombstone — unless the ended execution's pending outbox ends
 * it (timed out, reported), which is carried out first so that its outcome is the one kept.
 */
export async function expireToken(runtime: RuntimeContext, token: TokenRecord): Promise<void> {
  const { tokens, executions, clock } = runtime.deps;
  const execution = await executions.load(token.executionKey);
  if (execution?.state.status === 'Running') {
    await runtime.apply(token.executionKey, {
      type: 'CheckDeadline',
      scheduleEventId: token.scheduleEventId,
    });
    return;
  }
  // Its pending outboxes are carried out first (repeats are harmless), so that their outcome is kept.
  if (execution !== undefined) await settleExecution(runtime, token.executionKey, true);
  await tokens.end(token.tokenHash, { kind: 'cancelled' }, token.executionKey, clock.now());
}

/** Sweeps the waiting tokens past their deadline. */
async function sweepTokens(runtime: RuntimeContext, report: RecoveryReport): Promise<void> {
  const { tokens, clock } = runtime.deps;
  const expired = await tokens.listExpired(clock.now(), RECOVERY_BATCH);
  for (const token of expired) {
    report.expiredTokens += 1;
    try {
      await expireToken(runtime, token);
    } catch (error) {
      report.failures.push({
        executionKey: token.executionKey,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

/** Finishes pending outboxes, re-delivers overdue timers and sweeps expired tokens. */
export async function recover(runtime: RuntimeContext): Promise<RecoveryReport> {
  const report: RecoveryReport = { outboxes: 0, timers: 0, expiredTokens: 0, failures: [] };
  await recoverOutboxes(runtime, report);
  report.timers += await deliverDueTimers(runtime);
  await sweepTokens(runtime, report);
  return report;
}
