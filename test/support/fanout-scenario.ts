/**
 * The fan-out scenario of invariant 7: a foreach of N queue callback tasks on the local runtime
 * (dynalite + fauxqs), reported by 50 concurrent workers that never retry. It counts the answers,
 * the messages per token (by message id: a redelivery has the same id, a second send another) and
 * the DynamoDB requests AWS would bill, per report.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { engineIndexProjections, RequestMeter } from '../../lib/adapters/aws/request-meter.ts';
import { FlowbackClient } from '../../lib/client/client.ts';
import { LOCAL_TABLES, startLocalRuntime } from '../../lib/local/start-local-runtime.ts';
import { WORK_JOURNAL_TABLE } from '../../lib/local/work-journal.ts';
import { deleteBatch, receiveBatch } from './sqs-batches.ts';

/**
 * The bound the suites hold the requests per report to. Issue 10 aims at 10 on average at N = 1,000;
 * measured: 9.6 at N = 100, 12.4 at N = 1,000. The margin is for busy machines (lost races cost
 * requests); a return to O(N) per report (~90 at N = 10 before the inbox) is far above it.
 */
export const MAX_REQUESTS_PER_REPORT = 20;

/** Concurrent reporters. */
export const REPORTERS = 50;

/** The flow: a foreach over `$.items`, one waitForCallback queue task per item. */
export const FANOUT_FLOW = `version: v1
type: flow
steps:
  - type: foreach
    name: each
    iterationMapping:
      collection: $.items
      item: item
    steps:
      - type: task
        name: job
        resourceArn: acs:mns:::/queues/fanout/messages
        pattern: waitForCallback
        timeoutSeconds: 3600
        inputMappings:
          - target: id
            source: $input.item
          - target: taskToken
            source: $context.task.token
`;

/** What a run counted. */
export interface FanoutResult {
  /** Reports answered 2xx. */
  reported: number;
  /** Messages of the reports that were not (never retried). */
  failures: string[];
  /** Distinct tokens seen on messages. */
  tokens: number;
  /** Tokens that got more than one distinct message. */
  duplicated: number;
  /** The execution's final status. */
  status: string;
  /** DynamoDB requests AWS would bill, divided by the reports. */
  requestsPerReport: number;
}

/** DynamoDB requests AWS would bill (the local work journal and the sweeper are local-only). */
function dynamoRequests(meter: RequestMeter): number {
  return meter
    .counts()
    .filter((count) => count.service === 'dynamodb' && count.resource !== WORK_JOURNAL_TABLE)
    .filter((count) => count.origin !== 'sweeper' && count.origin !== 'startup')
    .reduce((sum, count) => sum + count.requests, 0);
}

/** Runs a foreach of `items` callbacks to its end on a fresh local runtime. */
export async function runFanout(items: number): Promise<FanoutResult> {
  const dir = await mkdtemp(join(tmpdir(), 'flowback-fanout-'));
  await writeFile(join(dir, 'fanout.yaml'), FANOUT_FLOW);
  const meter = new RequestMeter({ indexes: engineIndexProjections(LOCAL_TABLES) });
  const local = await startLocalRuntime({
    port: 0,
    sqsPort: 0,
    dataDir: dir,
    memory: true,
    flowsDir: dir,
    functionsDir: dir,
    meter,
  });
  const sqs = new SQSClient({
    endpoint: local.sqsUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const client = new FlowbackClient({ endpoint: local.apiUrl });
    const { QueueUrl: queueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'fanout' }));
    meter.reset();
    const collection = Array.from({ length: items }, (_, index) => index);
    await client.startExecution({ flowName: 'fanout', executionName: 'big', input: { items: collection } });
    const messagesPerToken = new Map<string, Set<string>>();
    const failures: string[] = [];
    let reported = 0;
    const reporter = async (): Promise<void> => {
      while (reported + failures.length < items) {
        const messages = await receiveBatch(sqs, queueUrl);
        for (const message of messages) {
          const token = message.MessageAttributes?.['flowback.taskToken']?.StringValue ?? '';
          const ids = messagesPerToken.get(token) ?? new Set<string>();
          const first = ids.size === 0;
          ids.add(message.MessageId ?? '');
          messagesPerToken.set(token, ids);
          if (!first) continue;
          const body = JSON.parse(message.Body ?? '{}') as { id: number };
          try {
            await client.reportTaskSucceeded({ taskToken: token, output: { done: body.id } });
            reported += 1;
          } catch (error) {
            failures.push(error instanceof Error ? error.message : String(error));
          }
        }
        await deleteBatch(sqs, queueUrl, messages);
      }
    };
    await Promise.all(Array.from({ length: REPORTERS }, reporter));
    const ended = await client.describeExecution({
      flowName: 'fanout',
      executionName: 'big',
      waitTimeSeconds: 20,
    });
    return {
      reported,
      failures,
      tokens: messagesPerToken.size,
      duplicated: [...messagesPerToken.values()].filter((ids) => ids.size !== 1).length,
      status: ended.status,
      requestsPerReport: dynamoRequests(meter) / items,
    };
  } finally {
    sqs.destroy();
    await local.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The suite of invariant 7 at `items`: every report answered 2xx (none fails because of another
 * token), one message per token (invariant 6), and the DynamoDB requests per report bounded.
 */
export function describeFanout(items: number): void {
  describe(`fan-out: ${items} callbacks of one execution, ${REPORTERS} concurrent reporters (dynalite + fauxqs)`, () => {
    it('answers every report 200, sends one message per token, and costs a bounded number of requests each', async () => {
      const result = await runFanout(items);
      assert.deepEqual(result.failures, []);
      assert.equal(result.reported, items);
      assert.equal(result.tokens, items);
      assert.equal(result.duplicated, 0, 'one message per token');
      assert.equal(result.status, 'Succeeded');
      const measured = result.requestsPerReport.toFixed(2);
      process.stdout.write(`# DynamoDB requests per report at N=${items}: ${measured}\n`);
      assert.ok(
        result.requestsPerReport <= MAX_REQUESTS_PER_REPORT,
        `at most ${MAX_REQUESTS_PER_REPORT} DynamoDB requests per report, measured ${measured}`,
      );
    });
  });
}
