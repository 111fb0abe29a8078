/**
 * Nudges: the safety net of a hand-off. An event left in the inbox of a live drainer (a call's answer,
 * a timer, a heartbeat: `ApplyOptions.handOff`) is applied by that drainer — unless it dies first.
 * Nothing else may touch the execution again (on AWS there is no sweeper), so whoever hands an event
 * off also schedules a nudge for just after the drainer's lease: a runtime timer that, when due, finds
 * the inbox drained (nothing to do), the drainer still alive (the nudge moves to its new lease end), or
 * the drainer gone (the nudge settles the execution, applying what waits).
 */
import type { ExecutionKey } from '../engine/types.ts';
import type { DrainLease } from '../ports/execution-store.ts';
import { settleExecution } from './apply.ts';
import type { RuntimeContext } from './context.ts';

/** The timer id of a nudge (engine timer ids never start with `~`, see lib/engine/timers.ts). */
export const NUDGE_TIMER_ID = '~nudge';

/** How long after a drainer's lease ends its nudge is due, in ms. */
export const NUDGE_MARGIN_MS = 500;

/** Most executions whose last nudged drainer this process remembers. */
const REMEMBERED = 10_000;

/** Per execution, the drainer this process last scheduled a nudge for (one nudge per drainer). */
const nudgedDrainers = new Map<string, string>();

/** Schedules a nudge for `key` after `drainer`'s lease, once per drainer and process. */
export async function nudgeAfter(ctx: RuntimeContext, key: ExecutionKey, drainer: DrainLease): Promise<void> {
  const id = [ctx.instanceId, key.flowName, key.executionName].join('\u0000');
  if (nudgedDrainers.get(id) === drainer.owner) return;
  nudgedDrainers.delete(id);
  nudgedDrainers.set(id, drainer.owner);
  if (nudgedDrainers.size > REMEMBERED) {
    const oldest = nudgedDrainers.keys().next().value;
    if (oldest !== undefined) nudgedDrainers.delete(oldest);
  }
  await scheduleNudge(ctx, key, drainer);
}

/**
 * Schedules the nudge of `key` for just after `drainer`'s lease. Drain leases are in real time (they
 * judge whether a process is alive), timers in the runtime's clock: the lease's remaining real time
 * is counted from the runtime clock's now.
 */
function scheduleNudge(ctx: RuntimeContext, key: ExecutionKey, drainer: DrainLease): Promise<void> {
  const remaining = Math.max(0, drainer.until - Date.now());
  return ctx.deps.timers.schedule({
    executionKey: key,
    timerId: NUDGE_TIMER_ID,
    fireAt: ctx.deps.clock.now() + remaining + NUDGE_MARGIN_MS,
  });
}

/** A due nudge: settles the execution if its inbox still waits for a drainer that is gone. */
export async function handleNudge(ctx: RuntimeContext, key: ExecutionKey): Promise<void> {
  const record = await ctx.deps.executions.load(key);
  const drainer = record?.drainer;
  if (record !== undefined && record.inbox.length > 0) {
    if (drainer !== undefined && drainer.until > Date.now()) {
      // Still draining (its lease renewed): look again after the new lease end.
      await scheduleNudge(ctx, key, drainer);
      return;
    }
    await settleExecution(ctx, key);
  }
  await ctx.deps.timers.delete(key, NUDGE_TIMER_ID);
}
