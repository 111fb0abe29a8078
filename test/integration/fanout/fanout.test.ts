/**
 * Invariant 7 at the size users reach: a foreach of 1,000 queue callback tasks on the local runtime
 * (dynalite + fauxqs), reported by 50 concurrent workers that never retry. Every report is answered
 * 200 (no 409 because of another token), every token gets one message (invariant 6), and the DynamoDB
 * requests per report — everything the engine does for the execution, divided by the reports — stay
 * bounded (issue 10: at most 10 on average at N = 1,000).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DeleteMessageBatchCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { engineIndexProjections, RequestMeter } from '../../../lib/adapters/aws/request-meter.ts';
import { FlowbackClient } from '../../../lib/client/client.ts';
import { LOCAL_TABLES, type LocalRuntime, startLocalRuntime } from '../../../lib/local/start-local-runtime.ts';
import { WORK_JOURNAL_TABLE } from '../../../lib/local/work-journal.ts';

const ITEMS = Number(process.env.FANOUT_ITEMS ?? 1000);
const REPORTERS = 50;
const FLOW = `version: v1
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

/** DynamoDB requests AWS would bill (the local work journal and the sweeper are local-only). */
function dynamoRequests(meter: RequestMeter): number {
  return meter
    .counts()
    .filter((count) => count.service === 'dynamodb' && count.resource !== WORK_JOURNAL_TABLE)
    .filter((count) => count.origin !== 'sweeper' && count.origin !== 'startup')
    .reduce((sum, count) => sum + count.requests, 0);
}

describe('fan-out: 1,000 callbacks of one execution, 50 concurrent reporters (dynalite + fauxqs)', () => {
  let dir: string;
  let local: LocalRuntime;
  const meter = new RequestMeter({ indexes: engineIndexProjections(LOCAL_TABLES) });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'flowback-fanout-'));
    await writeFile(join(dir, 'fanout.yaml'), FLOW);
    local = await startLocalRuntime({
      port: 0,
      sqsPort: 0,
      dataDir: dir,
      memory: true,
      flowsDir: dir,
      functionsDir: dir,
      meter,
    });
  });

  after(async () => {
    await local?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers every report 200, sends one message per token, and costs a bounded number of requests each', async () => {
    const client = new FlowbackClient({ endpoint: local.apiUrl });
    const sqs = new SQSClient({
      endpoint: local.sqsUrl,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const { QueueUrl: queueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'fanout' }));
    meter.reset();
    const items = Array.from({ length: ITEMS }, (_, index) => index);
    await client.startExecution({ flowName: 'fanout', executionName: 'big', input: { items } });

    const messagesPerToken = new Map<string, Set<string>>();
    const failures: string[] = [];
    let reported = 0;
    const reporter = async (): Promise<void> => {
      while (reported + failures.length < ITEMS) {
        const received = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
            MessageAttributeNames: ['All'],
          }),
        );
        const messages = received.Messages ?? [];
        for (const message of messages) {
          const token = message.MessageAttributes?.['flowback.taskToken']?.StringValue;
          assert.ok(token, 'every task message carries its token');
          // A message redelivered by SQS has the same id; a second send would have another.
          const ids = messagesPerToken.get(token) ?? new Set<string>();
          const first = ids.size === 0;
          ids.add(message.MessageId ?? '');
          messagesPerToken.set(token, ids);
          if (!first) continue;
          const body = JSON.parse(message.Body ?? '{}') as { id: number };
          try {
            await client.reportTaskSucceeded({ taskToken: token, output: { done: body.id } });
            reported += 1;
            if (process.env.FANOUT_TRACE) process.stdout.write(`reported ${reported} at ${Date.now() % 100000}\n`);
          } catch (error) {
            // Never retried: a report that fails because of another token breaks invariant 7.
            failures.push(error instanceof Error ? error.message : String(error));
          }
        }
        if (messages.length > 0) {
          await sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: messages.map((message, index) => ({
                Id: String(index),
                ReceiptHandle: message.ReceiptHandle ?? '',
              })),
            }),
          );
        }
      }
    };
    await Promise.all(Array.from({ length: REPORTERS }, reporter));
    const ended = await client.describeExecution({ flowName: 'fanout', executionName: 'big', waitTimeSeconds: 20 });
    sqs.destroy();

    assert.deepEqual(failures, []);
    assert.equal(reported, ITEMS);
    assert.equal(messagesPerToken.size, ITEMS);
    assert.deepEqual(
      [...messagesPerToken.values()].map((ids) => ids.size).filter((count) => count !== 1),
      [],
      'one message per token',
    );
    assert.equal(ended.status, 'Succeeded');
    const perReport = dynamoRequests(meter) / ITEMS;
    if (process.env.FANOUT_TRACE) {
      for (const count of meter.counts()) process.stdout.write(`${JSON.stringify(count)}\n`);
    }
    process.stdout.write(`# DynamoDB requests per report at N=${ITEMS}: ${perReport.toFixed(2)}\n`);
    assert.ok(perReport <= 10, `at most 10 DynamoDB requests per report, measured ${perReport.toFixed(2)}`);
  });
});
