/**
 * `requestsPerExecution` and `costPerMillion`: seed executions (start → callback → end) run one after
 * the other on the metered local runtime — one message per SQS batch, the most requests per execution
 * (busier queues batch more) — and what AWS would bill for them, next to Step Functions Standard.
 *
 * Step Functions: the seed flow is one Task state (`lambda:invoke.waitForTaskToken` with the token in
 * its payload, a ResultSelector for the output mapping, `End: true`). AWS counts a state transition
 * "each time a step of your workflow is executed" (pricing page) → 1 transition per execution; the
 * echo function it calls is a Lambda invocation there as here, and is added to both sides.
 *
 * As in the seed document, the callback is reported once the task has been submitted (its token is
 * read off the `TaskSubmitted` event): the benchmark waits for that commit through a DynamoDB client
 * of its own, which the meter does not count. `racing` measures the other order too — the function's
 * caller reports while the call is still in flight (a function that reports its own token at once) —
 * where the report and the call's answer meet on the state item.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoExecutionStore } from '../../lib/adapters/aws/dynamo-execution-store.ts';
import type { ExecutionKey } from '../../lib/engine/types.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lib/local/local-clients.ts';
import { LOCAL_TABLES } from '../../lib/local/start-local-runtime.ts';
import { tokenChannel } from '../support/channel.ts';
import { SEED_FLOW, SEED_FLOW_NAME } from '../support/flows.ts';
import { startBenchRuntime } from '../support/local-bench.ts';
import { type BillableTotals, perUnit, summarize } from '../support/meter-summary.ts';
import { type CostLines, costPerMillion, LAMBDA_MEMORY_MB, PRICES } from '../support/pricing.ts';
import { storedBytes } from '../support/storage.ts';

/** State transitions of the seed flow on Step Functions Standard (one Task state). */
export const SEED_STATE_TRANSITIONS = 1;

/** Days history is kept on DynamoDB before TTL removes it (retention 90 + grace 366, history-items.ts). */
const HISTORY_KEPT_MONTHS = (90 + 366) / 30.4;

/** The results of this benchmark. */
export interface RequestsPerExecutionResult {
  requestsPerExecution: {
    executions: number;
    dynamodbReadUnits: number;
    dynamodbWriteUnits: number;
    dynamodbRequests: number;
    sqsRequests: number;
    lambdaInvocations: number;
    apiRequests: number;
    detail: BillableTotals;
    byOperation: Record<string, number>;
    storedBytesPerExecution: number;
    /** The same run with each report sent while its task's call is still in flight. */
    racing: { dynamodbRequests: number; dynamodbWriteUnits: number; byOperation: Record<string, number> };
  };
  costPerMillion: {
    flowback: number;
    flowbackHttpApi: number;
    /** Behind the api function's URL (`-c api=url`): no API Gateway charge. */
    flowbackFunctionUrl: number;
    stepFunctionsStandard: number;
    lines: {
      flowback: CostLines;
      flowbackHttpApi: CostLines;
      flowbackFunctionUrl: CostLines;
      stepFunctionsStandard: Record<string, number>;
    };
    storagePerMonth: number;
    notes: string[];
  };
}

/** Resolves once the execution's task is waiting (its `TaskSubmitted` committed), unmetered. */
async function submitted(store: DynamoExecutionStore, key: ExecutionKey): Promise<void> {
  for (let polls = 0; polls < 10_000; polls++) {
    const record = await store.load(key);
    if (record?.recentHistory.some((event) => event.type === 'TaskSubmitted')) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`${key.executionName}: no TaskSubmitted`);
}

/** Per-execution DynamoDB figures of `executions` seed runs, reported after or during the call. */
async function seedRuns(
  bench: Awaited<ReturnType<typeof startBenchRuntime>>,
  executions: number,
  order: 'afterSubmitted' | 'racing',
): Promise<ReturnType<typeof summarize>> {
  const unmetered = new DynamoDBClient({
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    endpoint: bench.local.dynamoUrl,
  });
  const store = new DynamoExecutionStore(unmetered, LOCAL_TABLES.executions);
  try {
    tokenChannel.clear();
    bench.meter.reset();
    for (let i = 0; i < executions; i++) {
      const key = { flowName: SEED_FLOW_NAME, executionName: `rpe-${order}-${i}` };
      const ended = bench.ended(key, 30_000);
      await bench.client.startExecution(key);
      const taskToken = await tokenChannel.next(key.executionName);
      if (order === 'afterSubmitted') await submitted(store, key);
      await bench.client.reportTaskSucceeded({ taskToken, output: { status: 'ok' } });
      await ended;
    }
    return summarize(bench.meter.counts());
  } finally {
    unmetered.destroy();
  }
}

/** Operation counts per execution. */
function perExecution(byOperation: Record<string, number>, executions: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(byOperation).map(([name, count]) => [name, Math.round((count / executions) * 100) / 100]),
  );
}

/** Runs `executions` seed executions one after the other and prices them. */
export async function requestsPerExecution(executions: number): Promise<RequestsPerExecutionResult> {
  const bench = await startBenchRuntime({ [SEED_FLOW_NAME]: SEED_FLOW });
  try {
    const racingSummary = await seedRuns(bench, executions, 'racing');
    const racing = perUnit(racingSummary.billable, executions);
    const summary = await seedRuns(bench, executions, 'afterSubmitted');
    const per = perUnit(summary.billable, executions);
    const bytes = (await storedBytes(bench.local.dynamoUrl, LOCAL_TABLES)) / (2 * executions); // both runs are stored
    const flowback = costPerMillion(per, PRICES.apiGatewayRest);
    const flowbackHttpApi = costPerMillion(per, PRICES.apiGatewayHttp);
    const flowbackFunctionUrl = costPerMillion(per, PRICES.functionUrl);
    // The echo function's invocation (and its duration) is the same on both sides.
    const functionCost =
      per.lambda.functions * PRICES.lambdaRequests.usd +
      (per.lambdaBilledMs.functions / 1000) *
        (LAMBDA_MEMORY_MB / 1024) *
        1_000_000 *
        PRICES.lambdaArmGbSecond.usd;
    const transitions = SEED_STATE_TRANSITIONS * PRICES.stepFunctionsTransitions.usd;
    const stepFunctions = Math.round((transitions + functionCost) * 1000) / 1000;
    return {
      requestsPerExecution: {
        executions,
        dynamodbReadUnits: per.dynamodb.readUnits,
        dynamodbWriteUnits: per.dynamodb.writeUnits,
        dynamodbRequests: per.dynamodb.requests,
        sqsRequests: per.sqs.requests,
        lambdaInvocations: per.lambda.total,
        apiRequests: per.apiRequests,
        detail: per,
        byOperation: perExecution(summary.byOperation, executions),
        storedBytesPerExecution: Math.round(bytes),
        racing: {
          dynamodbRequests: racing.dynamodb.requests,
          dynamodbWriteUnits: racing.dynamodb.writeUnits,
          byOperation: perExecution(racingSummary.byOperation, executions),
        },
      },
      costPerMillion: {
        flowback: flowback.total,
        flowbackHttpApi: flowbackHttpApi.total,
        flowbackFunctionUrl: flowbackFunctionUrl.total,
        stepFunctionsStandard: stepFunctions,
        lines: {
          flowback,
          flowbackHttpApi,
          flowbackFunctionUrl,
          stepFunctionsStandard: {
            stateTransitions: transitions,
            lambda: Math.round(functionCost * 1000) / 1000,
            total: stepFunctions,
          },
        },
        storagePerMonth: Math.round(((bytes * 1_000_000) / 1e9) * PRICES.dynamodbStorage.usd * 100) / 100,
        notes: [
          `Step Functions Standard: ${SEED_STATE_TRANSITIONS} state transition per seed execution (one Task state), plus the echo function's Lambda invocation, which both sides pay.`,
          `Lambda duration billed at ${LAMBDA_MEMORY_MB} MB, arm64, from the handlers' wall time measured locally (each invocation rounded up to 1 ms).`,
          `Not included: storage (a million seed executions keep about ${Math.round(bytes / 1000)} KB each, $${Math.round(((bytes * 1_000_000) / 1e9) * PRICES.dynamodbStorage.usd * 100) / 100} a month while kept, history up to ${Math.round(HISTORY_KEPT_MONTHS)} months), PITR, CloudWatch, X-Ray, data transfer, free tiers, the fixed cost of idle SQS long polls; Step Functions keeps 90 days of history at no charge.`,
        ],
      },
    };
  } finally {
    await bench.stop();
  }
}
