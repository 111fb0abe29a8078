/**
 * Carrying out a committed outbox: history pages and independent commands concurrently, then child
 * stops and `Finish` (after the history it ends), then the calls (after the tokens they hand out are
 * registered and their timers scheduled).
 * Every command is idempotent or claimed once, so an outbox carried out twice (its committer crashed
 * halfway, and another caller redid it) changes nothing more.
 */
import type { EngineCommand, ExecutionState, RegisterTokenCommand } from '../engine/types.ts';
import { runningSteps } from '../engine/walk.ts';
import type { FlowDefinition } from '../fdl/types.ts';
import type { ExecutionRecord, Outbox, PendingOutbox } from '../ports/execution-store.ts';
import { carryOut, enqueueCall, registrationOf } from './commands.ts';
import type { RuntimeContext } from './context.ts';
import { OUTBOX_CONCURRENCY } from './limits.ts';

/**
 * When a command may start: every command of an earlier phase has been carried out. Calls come
 * last, so that the answer to any call proves that everything before it in its outbox was done.
 */
const PHASE: { [K in EngineCommand['type']]: number } = {
  RegisterToken: 0,
  EndToken: 0,
  ScheduleTimer: 0,
  StopChild: 1,
  Finish: 1,
  CallResource: 2,
};

/**
 * True when an outbox need not be cleared by its committer: it makes calls, which come last, so the
 * commit that applies the last of their answers proves it carried out, and removes it.
 */
export function awaitsProof(outbox: Outbox): boolean {
  return outbox.commands.some((command) => command.type === 'CallResource');
}

/** The attempts (their `TaskScheduled` ids) of `state` still waiting for their call's answer. */
export function callingAttempts(definition: FlowDefinition, state: ExecutionState): Set<number> {
  const calling = new Set<number>();
  if (state.root === undefined) return calling;
  for (const visit of runningSteps(state.root, definition.steps)) {
    const attempt = visit.frame.type === 'task' ? visit.frame.attempt : undefined;
    if (attempt?.phase === 'calling') calling.add(attempt.scheduleEventId);
  }
  return calling;
}

/**
 * True when `state` proves a pending outbox carried out: it makes calls, and none of their attempts
 * still waits for the call (answered, or cancelled, when the call no longer matters).
 */
export function provenCarriedOut(pending: PendingOutbox, calling: ReadonlySet<number>): boolean {
  return pending.calls.length > 0 && pending.calls.every((scheduleEventId) => !calling.has(scheduleEventId));
}

/** Pending outboxes this process is carrying out for a presumed-gone committer (`carryOutPending`). */
const takenOver = new Set<string>();

/**
 * Carries out a pending outbox another committer left (it crashed, or is presumed to have), read
 * from the store, and clears it. Calls whose attempts `record.state` shows answered, or whose answers
 * wait in its inbox, are left out (their tokens too): redoing them would only be dropped by their
 * claims, after a work item and a store request each. An
 * outbox this process is already carrying out is left to that run.
 */
export async function carryOutPending(
  ctx: RuntimeContext,
  record: ExecutionRecord,
  pending: PendingOutbox,
): Promise<void> {
  const id = [ctx.instanceId, record.key.flowName, record.key.executionName, pending.version].join('\u0000');
  if (takenOver.has(id)) return;
  takenOver.add(id);
  try {
    const outbox = await ctx.deps.executions.readOutbox(record.key, pending);
    if (outbox !== undefined) {
      const calling = callingAttempts(record.definition, record.state);
      // A call whose answer waits in the inbox was made: only applying that answer is left.
      for (const entry of record.inbox)
        if (entry.event.type === 'CallResult') calling.delete(entry.event.scheduleEventId);
      const made = new Set(pending.calls);
      const commands = outbox.commands.filter(
        (command) =>
          (command.type !== 'CallResource' && command.type !== 'RegisterToken') ||
          !made.has(command.scheduleEventId) ||
          calling.has(command.scheduleEventId),
      );
      await carryOutOutbox(ctx, record, { events: outbox.events, commands });
    }
    await ctx.deps.executions.clearOutbox(record.key, pending.version);
  } finally {
    takenOver.delete(id);
  }
}

/** Runs `work` over `items`, at most `limit` at a time; rejects with the first error once all settled. */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (errors.length > 0) throw errors[0];
}

/** True when an outbox holds work. */
export function outboxHasWork(outbox: Outbox): boolean {
  return outbox.events.length > 0 || outbox.commands.length > 0;
}

/** Carries out `outbox` of `record` (see the file comment). Throws if any part failed. */
export async function carryOutOutbox(
  ctx: RuntimeContext,
  record: ExecutionRecord,
  outbox: Outbox,
): Promise<void> {
  // A token handed out by a call is registered by that call's claim, in the same write.
  const registrations = new Map<number, RegisterTokenCommand>();
  for (const command of outbox.commands) {
    if (command.type === 'RegisterToken') registrations.set(command.scheduleEventId, command);
  }
  const calls = new Set(
    outbox.commands.flatMap((command) =>
      command.type === 'CallResource' && command.taskToken !== undefined ? [command.scheduleEventId] : [],
    ),
  );
  const phases: EngineCommand[][] = [[], [], []];
  for (const command of outbox.commands) {
    if (command.type === 'RegisterToken' && calls.has(command.scheduleEventId)) continue;
    phases[PHASE[command.type]]?.push(command);
  }
  const history =
    outbox.events.length > 0 ? ctx.deps.executions.appendHistory(record.key, outbox.events) : undefined;
  const first = forEachConcurrently(phases[0] ?? [], OUTBOX_CONCURRENCY, (command) =>
    carryOut(ctx, record, command),
  );
  await Promise.all([history, first]);
  for (const command of phases[1] ?? []) await carryOut(ctx, record, command);
  await forEachConcurrently(phases[2] ?? [], OUTBOX_CONCURRENCY, async (command) => {
    const registration =
      command.type === 'CallResource' ? registrations.get(command.scheduleEventId) : undefined;
    if (command.type === 'CallResource' && registration !== undefined && calls.has(command.scheduleEventId)) {
      return enqueueCall(ctx, record, command, registrationOf(record, registration));
    }
    return carryOut(ctx, record, command);
  });
}

/**
 * Carries out the outbox of this process's commit `outbox.version`. Without calls it is then cleared;
 * with calls it is left for this process's next commit on the execution to remove (`ctx.carried`) or,
 * failing that, for the commit that applies the last of its calls' answers: no write of its own.
 */
export async function carryOutOwnOutbox(
  ctx: RuntimeContext,
  record: ExecutionRecord,
  outbox: Outbox & { version: number },
): Promise<void> {
  await carryOutOutbox(ctx, record, outbox);
  if (awaitsProof(outbox)) ctx.carried.add(record.key, outbox.version);
  else await ctx.deps.executions.clearOutbox(record.key, outbox.version);
}
