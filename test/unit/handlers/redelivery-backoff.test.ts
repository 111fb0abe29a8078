/**
 * A failed work item comes back in seconds: the wrapped worker handler changes the visibility of each
 * failed record by its receive count (jittered, doubling, capped), leaves succeeded ones alone, and
 * still answers the failures so that SQS counts the receive (dead letter after the redrive limit).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { queueUrlOfArn, sqsRedeliver } from '../../../lib/adapters/aws/sqs-redelivery.ts';
import { redeliveryDelaySeconds, withRedeliveryBackoff } from '../../../lib/handlers/redelivery-backoff.ts';

const QUEUE = 'arn:aws:sqs:eu-west-1:123456789012:Flowback-Work';

/** A record of the work queue received `receiveCount` times. */
function record(messageId: string, receiveCount: number): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: '{}',
    attributes: { ApproximateReceiveCount: String(receiveCount) },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: QUEUE,
    awsRegion: 'eu-west-1',
  } as unknown as SQSRecord;
}

describe('redelivery backoff', () => {
  it('waits [d/2, d] seconds, d = min(300, 2 × 2^(n-1)): at most 2, 4, 8, 16 s for receives 1–4', () => {
    const bounds = [1, 2, 3, 4, 10].map((n) => [
      redeliveryDelaySeconds(n, 0),
      redeliveryDelaySeconds(n, 0.999),
    ]);
    assert.deepEqual(bounds, [
      [1, 2],
      [2, 4],
      [4, 8],
      [8, 16],
      [150, 300],
    ]);
  });

  it('changes the visibility of failed records only, and still answers them as failures', async () => {
    const calls: [string, number][] = [];
    const handler = withRedeliveryBackoff(
      async () => ({ batchItemFailures: [{ itemIdentifier: 'b' }, { itemIdentifier: 'c' }] }),
      {
        redeliver: async (message, seconds) => void calls.push([message.receiptHandle, seconds]),
        random: () => 1,
      },
    );
    const event = { Records: [record('a', 1), record('b', 1), record('c', 3)] } as SQSEvent;
    assert.deepEqual(await handler(event), {
      batchItemFailures: [{ itemIdentifier: 'b' }, { itemIdentifier: 'c' }],
    });
    assert.deepEqual(calls.sort(), [
      ['rh-b', 2],
      ['rh-c', 8],
    ]);
  });

  it('a failed visibility change is reported, and the failure still answered', async () => {
    const errors: string[] = [];
    const handler = withRedeliveryBackoff(async () => ({ batchItemFailures: [{ itemIdentifier: 'a' }] }), {
      redeliver: async () => {
        throw new Error('denied');
      },
      onError: (error, failed) => errors.push(`${failed.messageId}: ${(error as Error).message}`),
    });
    assert.deepEqual(await handler({ Records: [record('a', 2)] } as SQSEvent), {
      batchItemFailures: [{ itemIdentifier: 'a' }],
    });
    assert.deepEqual(errors, ['a: denied']);
  });

  it('on SQS: ChangeMessageVisibility on the queue of the record’s ARN', async () => {
    const sqsMock = mockClient(SQSClient);
    sqsMock.on(ChangeMessageVisibilityCommand).resolves({});
    assert.equal(queueUrlOfArn(QUEUE), 'https://sqs.eu-west-1.amazonaws.com/123456789012/Flowback-Work');
    await sqsRedeliver(new SQSClient({ region: 'eu-west-1' }))(record('a', 1), 7.4);
    assert.deepEqual(sqsMock.commandCalls(ChangeMessageVisibilityCommand)[0]?.args[0].input, {
      QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/Flowback-Work',
      ReceiptHandle: 'rh-a',
      VisibilityTimeout: 7,
    });
    sqsMock.restore();
  });
});
