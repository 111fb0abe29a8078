/**
 * Polls an SQS queue and hands each batch to a Lambda-style SQS handler, as Lambda's event source
 * mapping does: long polls of up to 10 messages, the batch as an `SQSEvent`, then only the messages
 * not named in `batchItemFailures` deleted (all of them kept when the handler throws). Kept messages
 * come back after the visibility timeout, and go to the dead-letter queue after `maxReceiveCount`.
 */
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/** A Lambda SQS handler with partial batch responses. */
export type SqsBatchHandler = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

/** Largest batch SQS returns. */
export const MAX_BATCH_SIZE = 10;

/** Longest SQS long poll, in seconds. */
export const LONG_POLL_SECONDS = 20;

/** Pause after a failed receive before the next one, in ms. */
export const RECEIVE_ERROR_PAUSE_MS = 1000;

/** What a poller polls and whom it feeds. */
export interface SqsPollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  /** The queue's ARN (the records' `eventSourceARN`). */
  queueArn: string;
  handler: SqsBatchHandler;
  /** Batches handled at the same time (Lambda's concurrent invocations). */
  concurrency: number;
  /** Told about failed receives, deletes and handler errors. */
  onError: (message: string) => void;
}

/** A running poller. */
export interface SqsPoller {
  /** Stops receiving; resolves when the batches in hand are handled and deleted. */
  stop(): Promise<void>;
}

/** The region of an SQS ARN (`arn:aws:sqs:REGION:ACCOUNT:NAME`). */
function regionOf(arn: string): string {
  return arn.split(':')[3] ?? 'us-east-1';
}

/** An SDK message as the record Lambda would deliver. */
export function toSqsRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  const messageAttributes: SQSRecord['messageAttributes'] = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      dataType: value.DataType ?? 'String',
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined
        ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }
        : {}),
    };
  }
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? '',
      SenderId: attributes.SenderId ?? '',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? '',
    },
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes !== undefined
      ? { md5OfMessageAttributes: message.MD5OfMessageAttributes }
      : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: regionOf(queueArn),
  };
}

/** A promise that resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/** The text of an error. */
function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Starts polling. */
export function startSqsPoller(options: SqsPollerOptions): SqsPoller {
  const { sqs, queueUrl, queueArn, handler, onError } = options;
  const abort = new AbortController();
  const signal = abort.signal;

  const handle = async (messages: Message[]): Promise<void> => {
    const records = messages.map((message) => toSqsRecord(message, queueArn));
    let failed: Set<string>;
    try {
      const answer = await handler({ Records: records });
      failed = new Set((answer?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
    } catch (error) {
      onError(`poller ${queueUrl}: the handler threw, the whole batch will be retried: ${describe(error)}`);
      failed = new Set(records.map((record) => record.messageId));
    }
    const done = records.filter((record) => !failed.has(record.messageId));
    if (done.length === 0) return;
    try {
      const deleted = await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
        }),
      );
      for (const failure of deleted.Failed ?? []) {
        onError(`poller ${queueUrl}: cannot delete a handled message: ${failure.Code}: ${failure.Message}`);
      }
    } catch (error) {
      onError(`poller ${queueUrl}: cannot delete handled messages: ${describe(error)}`);
    }
  };

  const loop = async (): Promise<void> => {
    while (!signal.aborted) {
      let messages: Message[];
      try {
        const received = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: MAX_BATCH_SIZE,
            WaitTimeSeconds: LONG_POLL_SECONDS,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: signal },
        );
        messages = received.Messages ?? [];
      } catch (error) {
        if (signal.aborted) return;
        onError(`poller ${queueUrl}: receive failed: ${describe(error)}`);
        await pause(RECEIVE_ERROR_PAUSE_MS, signal);
        continue;
      }
      if (messages.length > 0) await handle(messages);
    }
  };

  const loops = Array.from({ length: Math.max(1, options.concurrency) }, () => loop());
  return {
    stop: async () => {
      abort.abort();
      await Promise.all(loops);
    },
  };
}
