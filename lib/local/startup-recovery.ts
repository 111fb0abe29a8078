/**
 * Start-up re-drive of timers: fauxqs keeps messages in memory only, so the delayed timer messages of
 * a previous run are gone. Every timer still recorded (not yet due: `recover()` delivered the due ones)
 * is scheduled again, which re-sends its message with the remaining delay.
 */
import type { Runtime } from '../runtime/runtime.ts';

/** Timers re-sent at start-up at most; any beyond are delivered by the sweeper when due. */
export const MAX_REDRIVEN_TIMERS = 10_000;

/** Re-schedules every recorded timer. @returns how many. */
export async function redriveLiveTimers(runtime: Runtime): Promise<number> {
  const { timers } = runtime.deps;
  const live = await timers.listDue(Number.MAX_SAFE_INTEGER, MAX_REDRIVEN_TIMERS);
  for (const timer of live) await timers.schedule(timer);
  return live.length;
}
