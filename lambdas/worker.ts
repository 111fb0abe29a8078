/**
 * The `worker` Lambda: SQS batches of work items and timers → the runtime of the AWS composition root
 * (lib/handlers/worker-handler.ts), failures logged with their work item's fields and made visible again
 * after a jittered backoff by receive count (lib/handlers/redelivery-backoff.ts).
 */
import { sqsRedeliver } from '../lib/adapters/aws/sqs-redelivery.ts';
import { withRedeliveryBackoff } from '../lib/handlers/redelivery-backoff.ts';
import {
  createWorkerHandler,
  parseWorkItem,
  type RecordErrorListener,
  type WorkItemListener,
  workItemFields,
} from '../lib/handlers/worker-handler.ts';
import { awsComposition, awsSqsClient, loadAwsLinkSigner } from './composition.ts';
import { instrumented, logger } from './observability.ts';

/** Logs a failed record, with its work item's fields when it is one. */
const logRecordError: RecordErrorListener = (error, record) => {
  let fields: Record<string, string | number> = {};
  try {
    fields = workItemFields(parseWorkItem(record.body));
  } catch {
    // Not a work item: the message id is all there is.
  }
  logger.error('work item failed', { messageId: record.messageId, ...fields, error });
};

/** Logs each resource call (one line per task attempt's call, with its call id). */
const logResourceCall: WorkItemListener = (item) => {
  if (item.type !== 'CallResource') return;
  logger.info('resource call', { ...workItemFields(item), resourceArn: item.command.resource.arn });
};

/** Tasks started here sign their approval links: the secret is read before the first event. */
await loadAwsLinkSigner();

/** The Lambda entry point. */
export const handler = instrumented(
  withRedeliveryBackoff(
    createWorkerHandler(() => awsComposition().runtime, logRecordError, logResourceCall),
    {
      redeliver: (message, seconds) => sqsRedeliver(awsSqsClient())(message, seconds),
      onError: (error, record) =>
        logger.warn('visibility change failed', { messageId: record.messageId, error }),
    },
  ),
);
