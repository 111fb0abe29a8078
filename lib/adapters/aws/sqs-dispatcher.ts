/**
 * `Dispatcher` on an SQS queue: one message per work item, its body the item as JSON. On a FIFO queue
 * (URL ending in `.fifo`) the item id is the deduplication id and the execution the message group.
 */
import { createHash } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Dispatcher, WorkItem } from '../../ports/dispatcher.ts';

/** The message group and deduplication ids of an item on a FIFO queue. */
export function fifoParameters(item: WorkItem): { MessageGroupId: string; MessageDeduplicationId: string } {
  return {
    MessageGroupId: `${item.executionKey.flowName}#${item.executionKey.executionName}`.slice(0, 128),
    MessageDeduplicationId: createHash('sha256').update(item.id).digest('hex'),
  };
}

/** Sends work items to the work queue. */
export class SqsDispatcher implements Dispatcher {
  readonly #sqs: SQSClient;
  readonly #queueUrl: string;

  constructor(sqs: SQSClient, queueUrl: string) {
    this.#sqs = sqs;
    this.#queueUrl = queueUrl;
  }

  async enqueue(item: WorkItem): Promise<void> {
    await this.#sqs.send(
      new SendMessageCommand({
        QueueUrl: this.#queueUrl,
        MessageBody: JSON.stringify(item),
        ...(this.#queueUrl.endsWith('.fifo') ? fifoParameters(item) : {}),
      }),
    );
  }
}
