/**
 * `callbackLatencyMs`: how long a ReportTaskSucceeded takes to end its execution, with 10 and with
 * 10,000 other executions waiting on the same local runtime — the cost of a report must not grow with
 * the number of waiting executions.
 *
 * Measured per sample (a fresh seed execution started and waiting first): from sending the report to
 * the moment both its answer has arrived and the execution has ended (its `Finish`, seen in process).
 * The API applies a report inline and the seed flow ends right after its task, so the execution has
 * ended before the answer leaves: "from the answer to the end" would be ≤ 0, and the report's round
 * trip is what a caller waits for. Samples are taken one at a time, `SAMPLE_GAP_MS` apart, so that they
 * spread over the runtime's background work (sweeps).
 */
import { LOCAL_TABLES } from '../../lib/local/start-local-runtime.ts';
import { tokenChannel } from '../support/channel.ts';
import { SEED_FLOW, SEED_FLOW_NAME } from '../support/flows.ts';
import { type BenchRuntime, startBenchRuntime } from '../support/local-bench.ts';
import { latencySummary, round, sleep } from '../support/stats.ts';
import { cloneWaitingExecutions } from '../support/waiting-fill.ts';

/** Pause between two samples, in ms. */
export const SAMPLE_GAP_MS = 50;

/** One level's measurements. */
export interface LatencyLevel {
  p50: number;
  p99: number;
  samples: number;
  waiting: number;
}

/** The results of this benchmark. */
export interface CallbackLatencyResult {
  waiting10: LatencyLevel;
  waiting10000: LatencyLevel;
  /** waiting10000.p99 / waiting10.p99 (aim: at most 1.5). */
  p99Growth: number;
  fillSeconds: number;
}

/** Starts a seed execution and waits for its token. */
async function startWaiting(bench: BenchRuntime, executionName: string): Promise<string> {
  await bench.client.startExecution({ flowName: SEED_FLOW_NAME, executionName });
  return tokenChannel.next(executionName);
}

/** `samples` report latencies, in ms. */
async function measure(bench: BenchRuntime, samples: number, label: string): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const executionName = `${label}-sample-${i}`;
    const taskToken = await startWaiting(bench, executionName);
    const ended = bench
      .ended({ flowName: SEED_FLOW_NAME, executionName }, 30_000)
      .then(() => performance.now());
    const sent = performance.now();
    const answered = await bench.client
      .reportTaskSucceeded({ taskToken, output: { status: 'ok' } })
      .then(() => performance.now());
    latencies.push(Math.max(answered, await ended) - sent);
    await sleep(SAMPLE_GAP_MS);
  }
  return latencies;
}

/** Measures at `small` and `large` waiting executions (10 and 10,000 in a full run). */
export async function callbackLatency(
  samples: number,
  small: number,
  large: number,
): Promise<CallbackLatencyResult> {
  const bench = await startBenchRuntime({ [SEED_FLOW_NAME]: SEED_FLOW });
  tokenChannel.clear();
  try {
    for (let i = 0; i < small; i++) await startWaiting(bench, `waiting-${i}`);
    const atSmall = await measure(bench, samples, 'small');
    const fillBegan = performance.now();
    const template = { flowName: SEED_FLOW_NAME, executionName: 'waiting-0' };
    const token = await (async () => {
      // The template's token: started again under a known name to learn it.
      const name = 'waiting-template';
      const found = await startWaiting(bench, name);
      template.executionName = name;
      return found;
    })();
    await cloneWaitingExecutions(
      bench.local.dynamoUrl,
      LOCAL_TABLES,
      template,
      token,
      large - small - 1,
      'waiting-copy-',
    );
    const fillSeconds = round((performance.now() - fillBegan) / 1000);
    const atLarge = await measure(bench, samples, 'large');
    const waiting10 = { ...latencySummary(atSmall), samples, waiting: small };
    const waiting10000 = { ...latencySummary(atLarge), samples, waiting: large };
    return { waiting10, waiting10000, p99Growth: round(waiting10000.p99 / waiting10.p99, 2), fillSeconds };
  } finally {
    await bench.stop();
  }
}
