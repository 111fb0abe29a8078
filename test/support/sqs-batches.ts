/**
 * Reading task messages off an embedded SQS queue the way the tests' and benchmarks' reporters do:
 * up to ten at a time with every attribute, and deleting a batch once handled.
 */
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/** Up to ten messages of `queueUrl` (waiting at most `waitSeconds` for the first), with their attributes. */
export async function receiveBatch(
  sqs: SQSClient,
  queueUrl: string | undefined,
  waitSeconds = 1,
): Promise<Message[]> {
  const received = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: waitSeconds,
      MessageAttributeNames: ['All'],
    }),
  );
  return received.Messages ?? [];
}

/** Deletes received `messages` (none: no request). */
export async function deleteBatch(
  sqs: SQSClient,
  queueUrl: string | undefined,
  messages: readonly Message[],
): Promise<void> {
  if (messages.length === 0) return;
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
