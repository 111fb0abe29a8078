/**
 * The timeouts handler (the `timeouts` Lambda's): the tokens table's stream. A waiting token deleted by the TTL service (its
 * deadline passed) is the backstop for a lost timer: `runtime.expireToken` times its task out if the
 * task still waits (else leaves a tombstone). Other records (writes, deletions of tombstones) are skipped;
 * lib/adapters/aws/token-stream.ts reads the records.
 */
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { expiredWaitingToken } from '../adapters/aws/token-stream.ts';
import type { RuntimeProvider } from './worker-handler.ts';

/** A DynamoDB stream handler with partial batch failures. */
export type TimeoutsHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

/** Told about a record that failed (the stream retries from it). */
export type StreamErrorListener = (error: unknown, record: DynamoDBRecord) => void;

/** Told about each waiting token the TTL service deleted, before its task is timed out. */
export type ExpiredTokenListener = (token: NonNullable<ReturnType<typeof expiredWaitingToken>>) => void;

/** Reports a failed record on stderr (the Lambda entry logs it with Powertools instead). */
const reportRecordError: StreamErrorListener = (error, record) => {
  console.error(`stream record ${record.eventID ?? ''} failed:`, error);
};

/** The timeouts handler over the runtime that `getRuntime` gives. */
export function createTimeoutsHandler(
  getRuntime: RuntimeProvider,
  onError: StreamErrorListener = reportRecordError,
  onExpired?: ExpiredTokenListener,
): TimeoutsHandler {
  return async (event) => {
    const runtime = await getRuntime();
    const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        const token = expiredWaitingToken(record);
        if (token !== undefined) {
          onExpired?.(token);
          await runtime.expireToken(token);
        }
      } catch (error) {
        onError(error, record);
        batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? record.eventID ?? '' });
      }
    }
    return { batchItemFailures };
  };
}
