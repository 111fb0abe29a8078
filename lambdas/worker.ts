/**
 * The `worker` Lambda: an SQS batch of work items (engine work and timer messages) → the runtime.
 * Records are carried out concurrently; the ones that fail (or are not work items) are answered as
 * `batchItemFailures`, so that SQS redelivers only those (and dead-letters them after repeated failure).
 */
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { WorkItem } from '../lib/ports/dispatcher.ts';
import type { Runtime } from '../lib/runtime/runtime.ts';
import { awsComposition } from './composition.ts';
import { instrumented, logger } from './observability.ts';

/** Gives the runtime to carry work out with (may be lazy). */
export type RuntimeProvider = () => Runtime | Promise<Runtime>;

/** An SQS batch handler with partial batch failures. */
export type WorkerHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

/** Told about a record that failed (it is redelivered). */
export type RecordErrorListener = (error: unknown, record: SQSRecord) => void;

const WORK_ITEM_TYPES: readonly string[] = ['CallResource', 'TimerFired', 'FlushOutbox'];

/** A message body as a work item. @throws TypeError when it is not one. */
export function parseWorkItem(body: string): WorkItem {
  const item = JSON.parse(body) as Partial<WorkItem> | null;
  const key = item?.executionKey as Partial<WorkItem['executionKey']> | undefined;
  if (
    typeof item?.type !== 'string' ||
    !WORK_ITEM_TYPES.includes(item.type) ||
    typeof key?.flowName !== 'string' ||
    typeof key.executionName !== 'string'
  ) {
    throw new TypeError(`not a work item: ${body.slice(0, 200)}`);
  }
  return item as WorkItem;
}

/** Logs a failed record. */
const logRecordError: RecordErrorListener = (error, record) => {
  let executionKey: unknown;
  try {
    executionKey = parseWorkItem(record.body).executionKey;
  } catch {
    executionKey = undefined;
  }
  logger.error('work item failed', {
    messageId: record.messageId,
    ...(executionKey ? { executionKey } : {}),
    error,
  });
};

/** The worker handler over the runtime that `getRuntime` gives. */
export function createWorkerHandler(
  getRuntime: RuntimeProvider,
  onError: RecordErrorListener = logRecordError,
): WorkerHandler {
  return async (event) => {
    const runtime = await getRuntime();
    const failed = await Promise.all(
      event.Records.map(async (record) => {
        try {
          await runtime.handleWorkItem(parseWorkItem(record.body));
          return undefined;
        } catch (error) {
          onError(error, record);
          return { itemIdentifier: record.messageId };
        }
      }),
    );
    return { batchItemFailures: failed.filter((failure) => failure !== undefined) };
  };
}

/** The Lambda entry point, over the AWS composition root. */
export const handler = instrumented(createWorkerHandler(() => awsComposition().runtime));
