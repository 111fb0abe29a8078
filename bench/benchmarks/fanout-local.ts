/** The local fanout run: the metered local runtime over HTTP, reporters polling the embedded SQS. */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueUrlCommand, type Message, SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { executionPk, itemSize, STATE_SK } from '../../lib/adapters/aws/item-codec.ts';
import type { ExecutionKey } from '../../lib/engine/types.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lib/local/local-clients.ts';
import { LOCAL_TABLES } from '../../lib/local/start-local-runtime.ts';
import { deleteBatch, receiveBatch } from '../../test/support/sqs-batches.ts';
import {
  codeOf,
  type FanoutRun,
  FLOW_NAME,
  failureOf,
  REPORTERS,
  Tally,
  TOKEN_ATTRIBUTE,
} from '../support/fanout-tally.ts';
import { FANOUT_FLOW, FANOUT_QUEUE } from '../support/flows.ts';
import { storedItemSize } from '../support/item-size.ts';
import { startBenchRuntime } from '../support/local-bench.ts';
import { perUnit, summarize } from '../support/meter-summary.ts';
import { round, sleep } from '../support/stats.ts';

/** How often the local run reads the state item's size, in ms. */
export const STATE_SAMPLE_MS = 500;

/** (b) The metered local runtime over HTTP, reporters polling fauxqs. */
export async function local(items: number, limitMs: number): Promise<FanoutRun> {
  const bench = await startBenchRuntime({ [FLOW_NAME]: FANOUT_FLOW });
  const sqs = new SQSClient({
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    endpoint: bench.local.sqsUrl,
  });
  const dynamo = new DynamoDBClient({
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    endpoint: bench.local.dynamoUrl,
  });
  try {
    const { QueueUrl: queueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: FANOUT_QUEUE }));
    const key: ExecutionKey = { flowName: FLOW_NAME, executionName: `fanout-${items}` };
    let finished = false;
    let cancel: () => void = () => {};
    const cancelled = new Promise<void>((resolve) => {
      cancel = resolve;
    });
    const ended = Promise.race([bench.ended(key, limitMs), cancelled]).then(() => {
      finished = true;
      return performance.now();
    });
    let stateBytesPeak = 0;
    let codecBytesPeak = 0;
    const sampler = (async () => {
      while (!finished) {
        const read = await dynamo.send(
          new GetItemCommand({
            TableName: LOCAL_TABLES.executions,
            Key: { pk: { S: executionPk(key) }, sk: { S: STATE_SK } },
          }),
        );
        if (read.Item !== undefined) {
          stateBytesPeak = Math.max(stateBytesPeak, storedItemSize(read.Item));
          codecBytesPeak = Math.max(codecBytesPeak, itemSize(unmarshall(read.Item)));
        }
        await Promise.race([sleep(STATE_SAMPLE_MS), ended]);
      }
    })();
    bench.meter.reset();
    const tally = new Tally(items);
    try {
      await bench.client.startExecution({
        ...key,
        input: { items: Array.from({ length: items }, (_, index) => index) },
      });
    } catch (error) {
      cancel();
      await sampler;
      return { ...tally.run('StartExecution failed', false, await ended), failure: failureOf(error) };
    }
    const report = async (message: Message): Promise<void> => {
      const token = message.MessageAttributes?.[TOKEN_ATTRIBUTE]?.StringValue;
      if (token === undefined) throw new Error('fanout: a task message without its token');
      if (!tally.message(token, message.MessageId ?? '')) return;
      const { id } = JSON.parse(message.Body ?? '{}') as { id: number };
      try {
        await bench.client.reportTaskSucceeded({ taskToken: token, output: { done: id } });
        tally.answered();
      } catch (error) {
        tally.failed(codeOf(error));
      }
    };
    const reporter = async (): Promise<void> => {
      while (!finished && !tally.done) {
        const messages = await receiveBatch(sqs, queueUrl);
        for (const message of messages) await report(message);
        await deleteBatch(sqs, queueUrl, messages);
      }
    };
    await Promise.all(Array.from({ length: REPORTERS }, reporter));
    const endedAt = await ended;
    await sampler;
    const summary = summarize(bench.meter.counts());
    const per = perUnit(summary.billable, items);
    const described = await bench.client.describeExecution(key);
    return {
      ...tally.run(described.status, described.status !== 'Running', endedAt),
      dynamodb: {
        requestsPerReport: per.dynamodb.requests,
        writeUnitsPerReport: per.dynamodb.writeUnits,
        readUnitsPerReport: per.dynamodb.readUnits,
        byOperation: Object.fromEntries(
          Object.entries(summary.byOperation)
            .filter(([name]) => name.startsWith('dynamodb'))
            .map(([name, count]) => [name.slice('dynamodb '.length), round(count / items)]),
        ),
      },
      stateItemKbPeak: round(stateBytesPeak / 1024),
      stateItemKbPeakByItemCodec: round(codecBytesPeak / 1024),
    };
  } finally {
    sqs.destroy();
    dynamo.destroy();
    await bench.stop();
  }
}
