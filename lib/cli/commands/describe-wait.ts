/**
 * `describe-execution --wait [SECONDS]`: waits for the execution to end by long polls of at most the
 * API's 20 s, one after the other, so that a bare `--wait` waits however long the execution runs.
 */
import type { ExecutionView, FlowbackClient } from '../../client/index.ts';
import { integerArgument } from '../json-argument.ts';

/** The API's longest long poll (`waitTimeSeconds`), in seconds. */
export const MAX_LONG_POLL_SECONDS = 20;

/** The longest `--wait SECONDS` accepted: a year, the longest an execution may run. */
const MAX_WAIT_SECONDS = 366 * 24 * 3600;

/** How long to wait: until the end (`forever`), or at most `seconds`. */
export type WaitLimit = { forever: true } | { forever: false; seconds: number };

/** The `--wait` option as commander gives it: `true` when bare, else its value. */
export function waitLimit(value: string | boolean): WaitLimit {
  if (value === true) return { forever: true };
  return { forever: false, seconds: integerArgument('--wait', String(value), 0, MAX_WAIT_SECONDS) };
}

/**
 * Describes the execution, waiting up to `limit` for it to end.
 * @param now the clock (tests)
 * @returns the last answer: ended, or still running when the limit was reached
 */
export async function describeUntilEnd(
  client: FlowbackClient,
  key: { flowName: string; executionName: string },
  limit: WaitLimit,
  now: () => number = Date.now,
): Promise<ExecutionView> {
  const until = limit.forever ? Number.POSITIVE_INFINITY : now() + limit.seconds * 1000;
  for (;;) {
    const left = Math.max(0, Math.ceil((until - now()) / 1000));
    const waitTimeSeconds = Math.min(MAX_LONG_POLL_SECONDS, left);
    const execution = await client.describeExecution({ ...key, waitTimeSeconds });
    if (execution.status !== 'Running' || waitTimeSeconds === 0 || now() >= until) return execution;
  }
}
