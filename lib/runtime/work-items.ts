/**
 * Work items taken from the dispatcher: a task's resource call (claimed once by its call id, so that
 * a duplicated or redelivered item does not call again), a timer, and a settle request.
 */
import type { CallResourceCommand, EngineEvent, ExecutionKey } from '../engine/types.ts';
import { findAttempt } from '../engine/walk.ts';
import type { WorkItem } from '../ports/dispatcher.ts';
import type { TokenRegistration } from '../ports/token-store.ts';
import { settleExecution } from './apply.ts';
import { callIdOfCommand, callResource } from './call-resource.ts';
import type { RuntimeContext } from './context.ts';
import { isOperationError } from './errors.ts';
import { DEFAULT_CALL_LEASE_MS } from './limits.ts';
import { deliverTimer } from './recover.ts';

/** Applies an event unless the execution no longer exists. */
async function applyIfExists(ctx: RuntimeContext, key: ExecutionKey, event: EngineEvent): Promise<void> {
  try {
    // Nobody waits for this answer: a live drainer applies it (see `ApplyOptions.handOff`).
    await ctx.apply(key, event, { handOff: true });
  } catch (error) {
    if (!isOperationError(error, 'ExecutionNotExists')) throw error;
  }
}

/** True while the attempt `scheduleEventId` of the execution still waits for its call's result. */
async function awaitsCall(ctx: RuntimeContext, key: ExecutionKey, scheduleEventId: number): Promise<boolean> {
  const record = await ctx.deps.executions.load(key);
  if (record === undefined || record.state.status !== 'Running') return false;
  const visit = findAttempt(record.state.root, record.definition.steps, scheduleEventId);
  return visit?.frame.attempt?.phase === 'calling';
}

/**
 * Calls the resource of an attempt once: claims the call first. A live claim means another delivery
 * of this item is calling right now (its own item comes back if that caller crashes, after the claim
 * has expired), so this one is dropped. A claim taken over from a crashed caller calls again, with
 * the same call id, unless the first call's result has been applied meanwhile. A caller that fails
 * (an infrastructure fault: the item is redelivered) releases its claim first.
 */
export async function callOnce(
  ctx: RuntimeContext,
  key: ExecutionKey,
  command: CallResourceCommand,
  registration?: TokenRegistration,
): Promise<void> {
  const { calls, clock, tokens } = ctx.deps;
  const now = clock.now();
  const callId = callIdOfCommand(key, command);
  const lease = {
    now,
    leaseUntil: now + (ctx.deps.callLeaseMs ?? DEFAULT_CALL_LEASE_MS),
    owner: ctx.instanceId,
    ...(ctx.deps.takeOverCallsBefore !== undefined ? { takeOverBefore: ctx.deps.takeOverCallsBefore } : {}),
  };
  // A call that hands out a token claims it on the token's record, registering it in the same write.
  const claim =
    registration !== undefined
      ? await tokens.registerForCall(registration, lease)
      : await calls.claim({ executionKey: key, scheduleEventId: command.scheduleEventId, callId, ...lease });
  if (!claim.claimed) return;
  try {
    if (claim.repeat) {
      // A redelivery after a failure: its call's answer may wait in the inbox. Only the inbox and
      // outboxes past their lease are settled: forcing every outbox out here made each repeat of a
      // foreach's calls re-dispatch all of them (a storm once a 1,000-call outbox outlived its lease).
      await settleExecution(ctx, key);
      if (!(await awaitsCall(ctx, key, command.scheduleEventId))) return;
    }
    const result = await callResource(ctx, key, command);
    await applyIfExists(ctx, key, {
      type: 'CallResult',
      scheduleEventId: command.scheduleEventId,
      result,
      ...(command.taskToken !== undefined ? { taskToken: command.taskToken } : {}),
    });
  } catch (error) {
    // The item will be redelivered: its next delivery may call again (with the same call id).
    if (registration !== undefined) await tokens.releaseCall(registration.tokenHash, ctx.instanceId);
    else await calls.release(key, callId, ctx.instanceId);
    throw error;
  }
}

/** Carries out a work item taken from the dispatcher. */
export async function handleWorkItem(ctx: RuntimeContext, item: WorkItem): Promise<void> {
  switch (item.type) {
    case 'CallResource':
      return callOnce(ctx, item.executionKey, item.command, item.registration);
    case 'TimerFired':
      if (item.fireAt !== undefined && item.fireAt > ctx.deps.clock.now()) {
        // A long timer's hop (queues delay at most 15 minutes): schedule the remainder.
        return ctx.deps.timers.schedule({
          executionKey: item.executionKey,
          timerId: item.timerId,
          fireAt: item.fireAt,
        });
      }
      return deliverTimer(ctx, item.executionKey, item.timerId);
    case 'FlushOutbox':
      await settleExecution(ctx, item.executionKey);
      return;
  }
}
