/**
 * The `timeouts` Lambda: the tokens table's stream. A waiting token deleted by the TTL service (its
 * deadline passed) is the backstop for a lost timer: `runtime.expireToken` times its task out if the
 * task still waits (else leaves a tombstone). Other records (writes, deletions of tombstones) are skipped;
 * lib/adapters/aws/token-stream.ts reads the records.
 */
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { expiredWaitingToken } from '../lib/adapters/aws/token-stream.ts';
import { awsComposition } from './composition.ts';
import { instrumented, logger } from './observability.ts';
import type { RuntimeProvider } from './worker.ts';

/** A DynamoDB stream handler with partial batch failures. */
export type TimeoutsHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

/** Told about a record that failed (the stream retries from it). */
export type StreamErrorListener = (error: unknown, record: DynamoDBRecord) => void;

/** Logs a failed record. */
const logRecordError: StreamErrorListener = (error, record) => {
  logger.error('expired token failed', { eventId: record.eventID, error });
};

/** The timeouts handler over the runtime that `getRuntime` gives. */
export function createTimeoutsHandler(
  getRuntime: RuntimeProvider,
  onError: StreamErrorListener = logRecordError,
): TimeoutsHandler {
  return async (event) => {
    const runtime = await getRuntime();
    const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        const token = expiredWaitingToken(record);
        if (token !== undefined) {
          logger.info('token expired by TTL', {
            ...token.executionKey,
            scheduleEventId: token.scheduleEventId,
          });
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

/** The Lambda entry point, over the AWS composition root. */
export const handler = instrumented(createTimeoutsHandler(() => awsComposition().runtime));
