/**
 * `timerLatenessMs`: how late task timeouts fire on the local runtime. `count` executions of a flow
 * whose callback task nobody reports (timeout `timeoutSeconds`, long enough that every execution has
 * started before the first deadline) are started, `STARTERS` at a time; each task then times out.
 * Lateness per execution: the `TaskTimedOut` event's time minus the deadline, which is the
 * `TaskScheduled` event's time plus the timeout (semantics: a task's timeout counts from
 * TaskScheduled).
 */
import { timeoutFlow } from '../support/flows.ts';
import { startBenchRuntime } from '../support/local-bench.ts';
import { percentile, pooled, round } from '../support/stats.ts';

/** Concurrent starters. */
export const STARTERS = 8;

/** The results of this benchmark. */
export interface TimerLatenessResult {
  p50: number;
  p99: number;
  max: number;
  timeouts: number;
  timeoutSeconds: number;
  startSeconds: number;
}

/** Starts `count` executions that time out after `timeoutSeconds` and measures the lateness. */
export async function timerLateness(count: number, timeoutSeconds: number): Promise<TimerLatenessResult> {
  const flowName = 'timeouts';
  const bench = await startBenchRuntime({ [flowName]: timeoutFlow(timeoutSeconds) });
  try {
    const names = Array.from({ length: count }, (_, i) => `timeout-${i}`);
    const ended = names.map((executionName) =>
      bench.ended({ flowName, executionName }, timeoutSeconds * 1000 + 600_000),
    );
    const began = performance.now();
    await pooled(count, STARTERS, async (i) => {
      await bench.client.startExecution({ flowName, executionName: names[i] ?? '' });
    });
    const startSeconds = round((performance.now() - began) / 1000);
    await Promise.all(ended);
    const lateness: number[] = [];
    for (const executionName of names) {
      // Through the API: recent events ride in the state item, not in the stored history pages.
      const { events: history } = await bench.client.getExecutionHistory({ flowName, executionName });
      const scheduled = history.find((event) => event.type === 'TaskScheduled');
      const timedOut = history.find((event) => event.type === 'TaskTimedOut');
      if (scheduled === undefined || timedOut === undefined)
        throw new Error(`${executionName} did not time out`);
      lateness.push(Date.parse(timedOut.time) - (Date.parse(scheduled.time) + timeoutSeconds * 1000));
    }
    return {
      p50: round(percentile(lateness, 50)),
      p99: round(percentile(lateness, 99)),
      max: round(Math.max(...lateness)),
      timeouts: count,
      timeoutSeconds,
      startSeconds,
    };
  } finally {
    await bench.stop();
  }
}
