/** The embedded SQS's queues: the runtime's work and timer queues (each with a DLQ) and task queues. */
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** Receives before a message goes to the dead-letter queue (as the AWS stack configures it). */
export const MAX_RECEIVE_COUNT = 5;

/** Seconds a received message stays invisible to other pollers (Lambda's default for SQS sources). */
export const VISIBILITY_TIMEOUT_SECONDS = 30;

/** Names of the runtime's own queues. */
export const RUNTIME_QUEUE_NAMES = {
  work: 'flowback-work',
  timers: 'flowback-timers',
} as const;

/** Suffix of a dead-letter queue's name. */
const DLQ_SUFFIX = '-dlq';

/** Creates a queue (idempotent) and returns its URL. */
export async function createQueue(
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string> = {},
): Promise<string> {
  const created = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  if (created.QueueUrl === undefined) throw new Error(`CreateQueue ${name} returned no URL`);
  return created.QueueUrl;
}

/** Creates a queue with its dead-letter queue (`NAME-dlq`, after `MAX_RECEIVE_COUNT` receives). */
export async function createQueueWithDlq(
  sqs: SQSClient,
  name: string,
): Promise<{ url: string; dlqUrl: string }> {
  const dlqUrl = await createQueue(sqs, `${name}${DLQ_SUFFIX}`);
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
  );
  const deadLetterTargetArn = attributes.Attributes?.QueueArn;
  if (deadLetterTargetArn === undefined) throw new Error(`queue ${name}${DLQ_SUFFIX} has no ARN`);
  const url = await createQueue(sqs, name, {
    VisibilityTimeout: String(VISIBILITY_TIMEOUT_SECONDS),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn, maxReceiveCount: MAX_RECEIVE_COUNT }),
  });
  return { url, dlqUrl };
}

/** URLs of the runtime's queues. */
export interface RuntimeQueues {
  work: string;
  timers: string;
  workDlq: string;
  timersDlq: string;
}

/** Creates the runtime's queues. */
export async function createRuntimeQueues(sqs: SQSClient): Promise<RuntimeQueues> {
  const work = await createQueueWithDlq(sqs, RUNTIME_QUEUE_NAMES.work);
  const timers = await createQueueWithDlq(sqs, RUNTIME_QUEUE_NAMES.timers);
  return { work: work.url, timers: timers.url, workDlq: work.dlqUrl, timersDlq: timers.dlqUrl };
}
