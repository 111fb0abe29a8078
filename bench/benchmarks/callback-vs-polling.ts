/**
 * `callbackVsPolling`: the same long-running job — an external worker that finishes after a random
 * 5–60 s (the same draws for both variants) — 100 at once on the local runtime, completed
 * (a) by a waitForCallback task: the worker reports the token over HTTP when it finishes;
 * (b) by polling: start the job, then wait 5 s → ask a status function → choice, until it is done.
 *
 * Latency, per job: the time of the `StepEntered` event of the step after the job (`afterJob`, the
 * flow's next step; event times are the engine's clock, ms precision) minus the instant the worker
 * finished (`Date.now()` in this same process). Requests per job: everything AWS would bill during the
 * run (see meter-summary.ts), divided by the number of jobs; reading the histories afterwards is not
 * counted.
 */
import type { EventView } from '../../lib/client/index.ts';
import { CALLBACK_JOB_FLOW, POLLING_JOB_FLOW } from '../support/flows.ts';
import { jobService } from '../support/jobs.ts';
import { type BenchRuntime, startBenchRuntime } from '../support/local-bench.ts';
import { type BillableTotals, perUnit, summarize } from '../support/meter-summary.ts';
import { latencySummary, round, seededRandom } from '../support/stats.ts';

/** How many jobs and how long they take. */
export interface JobPlan {
  jobs: number;
  minMs: number;
  maxMs: number;
}

/** One variant's measurements. */
export interface VariantResult {
  latencyMs: { p50: number; p99: number };
  /** Billed requests per job (API + Lambda + DynamoDB + SQS). */
  requests: number;
  detail: BillableTotals;
  idleReceives: number;
  wallSeconds: number;
}

/** The results of this benchmark. */
export interface CallbackVsPollingResult {
  jobs: number;
  jobSeconds: { min: number; max: number };
  callback: VariantResult;
  polling: VariantResult;
  latencyRatio: number;
  requestRatio: number;
}

/** The step the latency is measured to. */
const NEXT_STEP = 'afterJob';

/** The `StepEntered` time of the next step in a history, in epoch ms. */
function nextStepTime(events: EventView[]): number {
  const entered = events.find((event) => event.type === 'StepEntered' && event.stepName === NEXT_STEP);
  if (entered === undefined) throw new Error(`no ${NEXT_STEP} step in the history`);
  return Date.parse(entered.time);
}

/** Runs one variant on a fresh runtime. */
async function runVariant(
  kind: 'callback' | 'polling',
  plan: JobPlan,
  durations: number[],
): Promise<VariantResult> {
  const flowName = `job-${kind}`;
  const bench: BenchRuntime = await startBenchRuntime({
    [flowName]: kind === 'callback' ? CALLBACK_JOB_FLOW : POLLING_JOB_FLOW,
  });
  const reports: Promise<unknown>[] = [];
  try {
    jobService.configure({
      durationMs: (jobId) => durations[Number(jobId.slice(4))] ?? plan.maxMs,
      onFinish: (_jobId, taskToken) => {
        if (taskToken !== undefined) {
          reports.push(bench.client.reportTaskSucceeded({ taskToken, output: { status: 'done' } }));
        }
      },
    });
    bench.meter.reset();
    const began = performance.now();
    const names = durations.map((_, i) => `job-${i}`);
    const ended = names.map((executionName) => bench.ended({ flowName, executionName }, plan.maxMs + 60_000));
    await Promise.all(
      names.map((executionName) =>
        bench.client.startExecution({ flowName, executionName, input: { jobId: executionName } }),
      ),
    );
    await Promise.all(ended);
    await Promise.all(reports);
    const wallSeconds = round((performance.now() - began) / 1000);
    const summary = summarize(bench.meter.counts());
    const latencies: number[] = [];
    for (const executionName of names) {
      const { events } = await bench.client.getExecutionHistory({ flowName, executionName, limit: 1000 });
      if (events.at(-1)?.type !== 'ExecutionSucceeded')
        throw new Error(`${kind}: ${executionName} did not succeed`);
      const finishedAt = jobService.finishedAt(executionName);
      if (finishedAt === undefined) throw new Error(`${kind}: ${executionName}'s job never finished`);
      latencies.push(nextStepTime(events) - finishedAt);
    }
    const per = perUnit(summary.billable, plan.jobs);
    return {
      latencyMs: latencySummary(latencies),
      requests: per.requests,
      detail: per,
      idleReceives: summary.idleReceives,
      wallSeconds,
    };
  } finally {
    jobService.clear();
    await bench.stop();
  }
}

/** Runs both variants, one after the other, with the same job durations. */
export async function callbackVsPolling(plan: JobPlan): Promise<CallbackVsPollingResult> {
  const random = seededRandom(7);
  const durations = Array.from(
    { length: plan.jobs },
    () => plan.minMs + random() * (plan.maxMs - plan.minMs),
  );
  const callback = await runVariant('callback', plan, durations);
  const polling = await runVariant('polling', plan, durations);
  return {
    jobs: plan.jobs,
    jobSeconds: { min: plan.minMs / 1000, max: plan.maxMs / 1000 },
    callback,
    polling,
    latencyRatio: round(polling.latencyMs.p50 / callback.latencyMs.p50, 1),
    requestRatio: round(polling.requests / callback.requests, 1),
  };
}
