/**
 * Sooner redelivery of a failed SQS message: `ChangeMessageVisibility` on the message Lambda's event
 * source mapping received, so that it comes back after the given seconds instead of the queue's
 * visibility timeout (30 minutes for the engine's queues). The queue's URL is derived from the
 * record's `eventSourceARN`.
 */
import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** What is needed of a received record. */
export interface ReceivedMessage {
  /** `arn:aws:sqs:{region}:{account}:{queue}`. */
  readonly eventSourceARN: string;
  readonly receiptHandle: string;
}

/** Makes a received message visible again after some seconds. */
export type Redeliver = (message: ReceivedMessage, delaySeconds: number) => Promise<void>;

/** The most SQS allows for a visibility timeout: 12 hours. */
export const MAX_VISIBILITY_SECONDS = 43_200;

/** The URL of the queue of an SQS ARN (the partition's domain is amazonaws.com, or .com.cn in China). */
export function queueUrlOfArn(arn: string): string {
  const match = /^arn:(aws[a-z-]*):sqs:([a-z0-9-]+):(\d{12}):([^:]+)$/.exec(arn);
  if (!match) throw new Error(`not an SQS queue ARN: ${arn}`);
  const [, partition, region, account, name] = match;
  const domain = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://sqs.${region}.${domain}/${account}/${name}`;
}

/** `Redeliver` on SQS. */
export function sqsRedeliver(sqs: SQSClient): Redeliver {
  return async (message, delaySeconds) => {
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrlOfArn(message.eventSourceARN),
        ReceiptHandle: message.receiptHandle,
        VisibilityTimeout: Math.max(0, Math.min(MAX_VISIBILITY_SECONDS, Math.round(delaySeconds))),
      }),
    );
  };
}
