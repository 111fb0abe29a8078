/**
 * The local backstop that Lambda's deployment gets from the TTL stream and redelivery: every interval
 * a sweep (`IncrementalSweep`, a page of each table at a time) finishes pending outboxes, delivers due
 * timers whose message was lost, and times out waiting tokens past their deadline. Runs never overlap,
 * and a slow sweep stretches the pause after it, so that sweeping takes at most about a tenth of the time.
 */
import type { RecoveryReport } from '../runtime/recover.ts';

/** Default pause between two sweeps, in ms. */
export const DEFAULT_SWEEP_INTERVAL_MS = 1000;

/** The pause after a sweep is at least this many times the sweep's own duration. */
export const SWEEP_PAUSE_FACTOR = 9;

/** A running sweeper. */
export interface Sweeper {
  /** Stops; resolves when a sweep in progress has finished. */
  stop(): Promise<void>;
}

/** Starts sweeping with `recover` every `intervalMs`; problems go to `onError`. */
export function startSweeper(
  recover: () => Promise<RecoveryReport>,
  intervalMs: number,
  onError: (message: string) => void,
): Sweeper {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  let lastDurationMs = 0;
  const sweep = async (): Promise<void> => {
    const began = Date.now();
    try {
      const report = await recover();
      for (const failure of report.failures) {
        const { flowName, executionName } = failure.executionKey;
        onError(`sweeper: ${flowName}/${executionName}: ${failure.message}`);
      }
    } catch (error) {
      onError(`sweeper: ${error instanceof Error ? error.message : String(error)}`);
    }
    lastDurationMs = Date.now() - began;
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        running = sweep().then(schedule);
      },
      Math.max(intervalMs, lastDurationMs * SWEEP_PAUSE_FACTOR),
    );
  };
  schedule();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
