/**
 * History events as items of the executions table (`sk` = `h#<10-digit eventId>`), written with
 * BatchWriteItem in chunks of 25 (retrying unprocessed items) and read with a consistent Query.
 *
 * TTL: an execution's end event expires with the state item (its time + retention); every other event
 * expires at its time + retention + `HISTORY_GRACE_DAYS` (executions last at most a year), so that
 * retention removes the whole history without rewriting it at the end.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ExecutionKey, HistoryEvent } from '../../engine/types.ts';
import { decodeJson, encodeJson, executionPk, expiryOf, HISTORY_PREFIX, historySk } from './item-codec.ts';

/** Items per BatchWriteItem (DynamoDB's maximum). */
export const BATCH_WRITE_SIZE = 25;

/** Extra days a non-final history event is kept beyond the retention (the longest execution). */
export const HISTORY_GRACE_DAYS = 366;

/** Attempts of one batch whose items DynamoDB left unprocessed (throttling). */
const MAX_BATCH_ATTEMPTS = 8;

/** The event types that end an execution. */
const END_EVENTS = new Set<HistoryEvent['type']>([
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionTimedOut',
  'ExecutionStopped',
]);

/** How history items are written. */
export interface HistoryOptions {
  retentionDays: number;
  compressAbove: number;
}

/** The item of one history event. */
export function historyItem(
  key: ExecutionKey,
  event: HistoryEvent,
  options: HistoryOptions,
): Record<string, unknown> {
  const time = Date.parse(event.time);
  const days = options.retentionDays + (END_EVENTS.has(event.type) ? 0 : HISTORY_GRACE_DAYS);
  return {
    pk: executionPk(key),
    sk: historySk(event.eventId),
    event: encodeJson(event, options.compressAbove),
    ...(Number.isFinite(time) ? { expiresAt: expiryOf(time, days) } : {}),
  };
}

/** Writes events as history items, 25 per request; unprocessed items are retried with backoff. */
export async function writeHistoryItems(
  db: DynamoDBDocumentClient,
  table: string,
  key: ExecutionKey,
  events: HistoryEvent[],
  options: HistoryOptions,
): Promise<void> {
  for (let start = 0; start < events.length; start += BATCH_WRITE_SIZE) {
    let requests = events
      .slice(start, start + BATCH_WRITE_SIZE)
      .map((event) => ({ PutRequest: { Item: historyItem(key, event, options) } }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      if (attempt > MAX_BATCH_ATTEMPTS) {
        throw new Error(`history of ${executionPk(key)}: ${requests.length} items left unprocessed`);
      }
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 5));
      const written = await db.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (written.UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  }
}

/** Events with `eventId > afterEventId`, ascending, at most `limit` (consistent read). */
export async function readHistoryItems(
  db: DynamoDBDocumentClient,
  table: string,
  key: ExecutionKey,
  afterEventId: number,
  limit: number,
): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  if (limit <= 0) return events;
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
        ExpressionAttributeValues: {
          ':pk': executionPk(key),
          ':from': historySk(afterEventId + 1),
          ':to': `${HISTORY_PREFIX}9999999999`,
        },
        ConsistentRead: true,
        Limit: limit - events.length,
        ...(exclusiveStartKey !== undefined ? { ExclusiveStartKey: exclusiveStartKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) events.push(decodeJson<HistoryEvent>(item.event));
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey !== undefined && events.length < limit);
  return events;
}
