/**
 * `listTasks` (issue 13): ListTasks latency with 10,000 waiting tasks across 1,000 executions (the
 * first page, a flow's page, an age-filtered page and a page deep in the list; p50/p99 over HTTP on
 * the local runtime), the DynamoDB requests of one page, and what one approval round trip costs (the
 * link's GET page and its POST decision, through to the execution's end).
 *
 * The tasks are registered straight into the tokens table (as the engine registers them: task id,
 * scheduled time, index attributes), 10 per execution, scheduled one second apart: ListTasks reads
 * the task index only, so the executions themselves need not exist for it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoTokenStore } from '../../lib/adapters/aws/dynamo-token-store.ts';
import { taskIdOf } from '../../lib/engine/task-id.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lib/local/local-clients.ts';
import { LOCAL_TABLES } from '../../lib/local/start-local-runtime.ts';
import { randomIds } from '../../lib/runtime/random-ids.ts';
import { type BenchRuntime, startBenchRuntime } from '../support/local-bench.ts';
import { type BillableTotals, summarize } from '../support/meter-summary.ts';
import { latencySummary, pooled, round } from '../support/stats.ts';

/** A flow whose callback task gets approval links (the bench's echo function stands for the mailer). */
const APPROVAL_FLOW = `version: v1
type: flow
steps:
  - type: task
    name: approve
    resourceArn: acs:fc:::services/fnf-demo/functions/echo
    pattern: waitForCallback
    timeoutSeconds: 3600
    inputMappings:
      - target: approveUrl
        source: $context.task.approveUrl
`;

/** Flows the filled tasks belong to. */
const FLOWS = 10;

/** One kind of page's latencies. */
export interface PageLatency {
  p50: number;
  p99: number;
  samples: number;
}

/** The results of this benchmark. */
export interface ListTasksResult {
  waitingTasks: number;
  executions: number;
  fillSeconds: number;
  /** `GET /tasks?limit=100`. */
  firstPage: PageLatency;
  /** `GET /tasks?flowName=f3&limit=100` (a tenth of the tasks match). */
  flowPage: PageLatency;
  /** `GET /tasks?olderThanSeconds=3600&limit=100`. */
  olderThanPage: PageLatency;
  /** The 50th page of 100 (`nextToken`). */
  deepPage: PageLatency;
  /** DynamoDB requests and read units of one first page. */
  dynamodbPerPage: { requests: number; readUnits: number };
  /** One approval: the link's GET page, its POST decision, and what the execution does until it ends. */
  approvalRoundTrip: BillableTotals;
}

/** Registers `executions` × `perExecution` waiting tasks, oldest first one second apart. */
async function fill(bench: BenchRuntime, executions: number, perExecution: number): Promise<void> {
  const client = new DynamoDBClient({
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    endpoint: bench.local.dynamoUrl,
  });
  const tokens = new DynamoTokenStore(client, LOCAL_TABLES.tokens);
  const ids = randomIds();
  const start = Date.now() - executions * perExecution * 1000 - 7200_000;
  try {
    await pooled(executions * perExecution, 8, async (n) => {
      const execution = Math.floor(n / perExecution);
      const flowName = `f${execution % FLOWS}`;
      const executionName = `e${execution}`;
      const scheduleEventId = 3 + (n % perExecution) * 4;
      await tokens.register({
        tokenHash: ids.tokenOf(ids.newSeed(), scheduleEventId).hash,
        executionKey: { flowName, executionName },
        scheduleEventId,
        stepName: `step${n % perExecution}`,
        deadline: start + n * 1000 + 86_400_000,
        taskId: taskIdOf(flowName, executionName, start, scheduleEventId),
        pattern: 'waitForCallback',
        resourceArn: 'acs:fc:::services/mail/functions/send',
        scheduledTime: start + n * 1000,
      });
    });
  } finally {
    client.destroy();
  }
}

/** `samples` latencies of one request, in ms. */
async function timed(samples: number, request: () => Promise<unknown>): Promise<PageLatency> {
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const sent = performance.now();
    await request();
    latencies.push(performance.now() - sent);
  }
  const { p50, p99 } = latencySummary(latencies);
  return { p50: round(p50), p99: round(p99), samples };
}

/** One approval by link, metered from the page's GET to the execution's end. */
async function approvalRoundTrip(bench: BenchRuntime): Promise<BillableTotals> {
  const key = { flowName: 'approval', executionName: 'approval-1' };
  await bench.client.startExecution(key);
  for (let tries = 0; tries < 200; tries++) {
    const execution = await bench.client.describeExecution(key);
    if ((execution.waitingTasks?.length ?? 0) > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { events } = await bench.client.getExecutionHistory(key);
  const input = events.find((event) => event.type === 'TaskScheduled')?.detail.input as
    | { approveUrl?: string }
    | undefined;
  const link = input?.approveUrl ?? '';
  if (!link.includes('/callbacks/')) throw new Error('no approval link in the task input');
  await new Promise((resolve) => setTimeout(resolve, 200));
  bench.meter.reset();
  const ended = bench.ended(key, 30_000);
  const page = await fetch(link);
  if (page.status !== 200) throw new Error(`the approval page answered ${page.status}`);
  const decided = await fetch(link, { method: 'POST', body: new URLSearchParams({ comment: 'ok' }) });
  if (decided.status !== 200) throw new Error(`the decision answered ${decided.status}`);
  await ended;
  return summarize(bench.meter.counts()).billable;
}

/** Runs the benchmark with `executions` × `perExecution` waiting tasks and `samples` per page kind. */
export async function listTasks(
  executions: number,
  perExecution: number,
  samples: number,
): Promise<ListTasksResult> {
  const bench = await startBenchRuntime({ approval: APPROVAL_FLOW });
  try {
    const filled = performance.now();
    await fill(bench, executions, perExecution);
    const fillSeconds = round((performance.now() - filled) / 1000, 2);
    let deepToken: string | undefined;
    for (let page = 1; page < 50; page++) {
      const answer = await bench.client.listTasks({
        limit: 100,
        ...(deepToken !== undefined ? { nextToken: deepToken } : {}),
      });
      deepToken = answer.nextToken;
    }
    bench.meter.reset();
    await bench.client.listTasks({ limit: 100 });
    const one = summarize(bench.meter.counts()).billable.dynamodb;
    return {
      waitingTasks: executions * perExecution,
      executions,
      fillSeconds,
      firstPage: await timed(samples, () => bench.client.listTasks({ limit: 100 })),
      flowPage: await timed(samples, () => bench.client.listTasks({ flowName: 'f3', limit: 100 })),
      olderThanPage: await timed(samples, () =>
        bench.client.listTasks({ olderThanSeconds: 3600, limit: 100 }),
      ),
      deepPage: await timed(samples, () =>
        bench.client.listTasks({ limit: 100, ...(deepToken !== undefined ? { nextToken: deepToken } : {}) }),
      ),
      dynamodbPerPage: { requests: one.requests, readUnits: round(one.readUnits, 2) },
      approvalRoundTrip: await approvalRoundTrip(bench),
    };
  } finally {
    await bench.stop();
  }
}
