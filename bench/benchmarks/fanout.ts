/**
 * `fanout` (issue 10, point 5): one execution, a foreach over N items whose iteration is one queue
 * callback task (`maxConcurrency: 1000`, so up to 1,000 tasks wait at once), reported by `REPORTERS`
 * concurrent workers that receive the task messages and call ReportTaskSucceeded once each, never
 * retrying. Run (a) in process, on the engine over memory adapters with a real-time clock, work drained
 * continuously, reporters reading what the queue sender sent; (b) on the metered local runtime
 * (dynalite + fauxqs), reporters polling the embedded SQS with the AWS SDK as workers do.
 *
 * Measured per run:
 * - `dispatchMs`: from StartExecution until the first min(N, 1,000) task messages are out (in process:
 *   sent; locally: received by a reporter, which polls continuously);
 * - `wallMs`: from StartExecution until the execution has ended; `reportsPerSecond`: reports / wallMs;
 * - `errors`: non-2xx answers to reports by code (409 `TaskInvalidState`/`ConcurrentUpdateError`
 *   among them) — the aim is none;
 * - `duplicateCalls`: distinct messages per token − 1, summed (a message SQS redelivers keeps its
 *   MessageId and is not counted) — the aim is 0;
 * - `peakWaiting`: most tasks whose message was out and whose report had not been answered yet;
 * - locally, `dynamodb.requestsPerReport` / `writeUnitsPerReport` / `readUnitsPerReport`: everything
 *   AWS would bill on DynamoDB from StartExecution to the end (API and worker, local-only sweeper
 *   and journal excluded, see meter-summary.ts) divided by N — aim ≤ 10 requests at N = 1,000; and
 *   `stateItemKbPeak`: the largest size of the execution's state item seen by a sampler reading it every
 *   `STATE_SAMPLE_MS` through a client outside the meter, counted as DynamoDB does (item-size.ts;
 *   DynamoDB's limit is 400 KB), next to `stateItemKbPeakByItemCodec`, item-codec.ts's `itemSize` of
 *   the same item (what the store's own size check sees).
 *
 * A run longer than its limit is cut off and reported as it stood (`completed: false`, status
 * `Running`); a run that cannot start is reported with its `failure`.
 */

import { type FanoutResult, type FanoutRun, failureOf, REPORTERS, Tally } from '../support/fanout-tally.ts';
import { FANOUT_MAX_CONCURRENCY } from '../support/flows.ts';
import { round } from '../support/stats.ts';
import { inProcess } from './fanout-in-process.ts';
import { local } from './fanout-local.ts';

export type { FanoutResult, FanoutRun } from '../support/fanout-tally.ts';
export { REPORTERS } from '../support/fanout-tally.ts';

/**
 * Runs each size in process, then locally, smallest first. A run is cut off at `limitMs(N)`, or
 * earlier when the whole benchmark would pass `budgetMs`; a run left no time is not started.
 */
export async function fanout(
  sizes: readonly number[],
  limitMs: (items: number) => number,
  budgetMs: number,
): Promise<FanoutResult> {
  const result: FanoutResult = {
    reporters: REPORTERS,
    maxConcurrency: FANOUT_MAX_CONCURRENCY,
    inProcess: [],
    local: [],
  };
  const deadline = performance.now() + budgetMs;
  const attempt = async (
    mode: string,
    items: number,
    run: (limit: number) => Promise<FanoutRun>,
  ): Promise<FanoutRun> => {
    const limit = Math.min(limitMs(items), deadline - performance.now());
    const failed = (status: string, failure: string): FanoutRun => ({
      ...new Tally(items).run(status, false, 0),
      wallMs: 0,
      failure,
    });
    if (limit < 1000) return failed('skipped', 'Budget: no time left for this run');
    process.stderr.write(`  fanout ${mode}, N=${items} (at most ${round(limit / 1000)} s)…\n`);
    // A run that cannot start (the flow rejected, the runtime down) is recorded, not thrown: the other
    // benchmarks' results are still written.
    return run(limit).catch((error: unknown) => failed('error', failureOf(error)));
  };
  for (const items of sizes) {
    result.inProcess.push(await attempt('in process', items, (limit) => inProcess(items, limit)));
    result.local.push(await attempt('local', items, (limit) => local(items, limit)));
  }
  return result;
}
