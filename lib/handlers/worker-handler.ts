/**
 * The worker handler (the `worker` Lambda's, and the local runtime's pollers'): an SQS batch of work
 * items (engine work and timer messages) → the runtime.
 * Records are carried out concurrently; the ones that fail (or are not work items) are answered as
 * `batchItemFailures`, so that SQS redelivers only those (and dead-letters them after repeated failure).
 */
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { WorkItem } from '../ports/dispatcher.ts';
import { callIdOfCommand } from '../runtime/call-resource.ts';
import type { Runtime } from '../runtime/runtime.ts';

/** Gives the runtime to carry work out with (may be lazy). */
export type RuntimeProvider = () => Runtime | Promise<Runtime>;

/** An SQS batch handler with partial batch failures. */
export type WorkerHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

/** Told about a record that failed (it is redelivered). */
export type RecordErrorListener = (error: unknown, record: SQSRecord) => void;

/** Told about each work item before it is carried out. */
export type WorkItemListener = (item: WorkItem) => void;

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

/**
 * The log fields of a work item, named as the local runtime's logs name them (README "Logs"):
 * `flowName`, `executionName`, and for a resource call `stepName` and `callId`.
 */
export function workItemFields(item: WorkItem): Record<string, string | number> {
  const fields: Record<string, string | number> = {
    flowName: item.executionKey.flowName,
    executionName: item.executionKey.executionName,
    workItem: item.type,
  };
  if (item.type === 'CallResource') {
    fields.stepName = item.command.stepName;
    fields.callId = callIdOfCommand(item.executionKey, item.command);
    fields.scheduleEventId = item.command.scheduleEventId;
  }
  return fields;
}

/** Reports a failed record on stderr (the Lambda entry logs it with Powertools instead). */
const reportRecordError: RecordErrorListener = (error, record) => {
  console.error(`work item ${record.messageId} failed:`, error);
};

/** The worker handler over the runtime that `getRuntime` gives. */
export function createWorkerHandler(
  getRuntime: RuntimeProvider,
  onError: RecordErrorListener = reportRecordError,
  onItem?: WorkItemListener,
): WorkerHandler {
  return async (event) => {
    const runtime = await getRuntime();
    const failed = await Promise.all(
      event.Records.map(async (record) => {
        try {
          const item = parseWorkItem(record.body);
          onItem?.(item);
          await runtime.handleWorkItem(item);
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
