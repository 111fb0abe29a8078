/**
 * Deadlines for tests that race real timers on a real runtime, derived from how long this machine
 * took to dispatch work a moment ago instead of fixed numbers, so that a busy machine (two suites at
 * once on two cores) stretches them instead of failing the test.
 */

/** What a history needs for the measure: the events' ids, types, times and scheduling ids. */
export interface TimedEvent {
  eventId: number;
  type: string;
  time: string;
  scheduleEventId: number;
}

/**
 * The longest dispatch in `histories`: from a task's `TaskScheduled` to its `TaskSubmitted` (the call
 * made and its answer applied), in ms; 0 when no task was submitted.
 */
export function longestDispatchMs(histories: readonly (readonly TimedEvent[])[]): number {
  let longest = 0;
  for (const events of histories) {
    const scheduled = new Map(
      events.filter((event) => event.type === 'TaskScheduled').map((event) => [event.eventId, event.time]),
    );
    for (const submitted of events.filter((event) => event.type === 'TaskSubmitted')) {
      const at = scheduled.get(submitted.scheduleEventId);
      if (at !== undefined) longest = Math.max(longest, Date.parse(submitted.time) - Date.parse(at));
    }
  }
  return longest;
}

/** How a measured dispatch becomes a task timeout. */
export interface TimeoutRule {
  /** Seconds that stay around the deadline for the test's own work (its reports, its reads). */
  marginSeconds: number;
  /** The dispatch measured is multiplied by this (the load may grow between measure and use). */
  factor: number;
  /** Never shorter than this, in seconds. */
  minSeconds: number;
}

/** A task timeout, in whole seconds, long enough for dispatches like the measured one. */
export function timeoutForDispatch(dispatchMs: number, rule: TimeoutRule): number {
  return Math.max(rule.minSeconds, Math.ceil((dispatchMs * rule.factor) / 1000 + rule.marginSeconds));
}
