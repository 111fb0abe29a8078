/**
 * History events as items of the executions table, in *pages*: the events of one `appendHistory` call
 * (one commit's outbox) are stored together in one item whose `sk` is `h#<10-digit id of its last
 * event>`, split only past `PAGE_MAX_EVENTS` events or `PAGE_MAX_BYTES` of JSON. DynamoDB bills a write
 * per KB of each item, rounded up, so the 3 events of a commit cost one write unit as a page instead of
 * three as items. Pages are written with BatchWriteItem (25 per request, unprocessed ones again) and
 * read with a consistent Query from the page that holds `afterEventId + 1`: the first page whose last
 * event id is above it. A rewrite of a page (a retried outbox) is identical, since the same events are
 * split the same way; events repeated by overlapping appends are read once. Items of one event (`event` instead of `events`), written before pages, are read
 * as pages of one.
 *
 * TTL: a page holding an execution's end event expires with the state item (its time + retention);
 * every other page expires at its last event's time + retention + `HISTORY_GRACE_DAYS` (executions
 * last at most a year), so that retention removes the whole history without rewriting it at the end.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ExecutionKey, HistoryEvent } from '../../engine/types.ts';
import { decodeJson, encodeJson, executionPk, expiryOf, HISTORY_PREFIX, historySk } from './item-codec.ts';

/** Items per BatchWriteItem (DynamoDB's maximum). */
export const BATCH_WRITE_SIZE = 25;

/** Most events in one page. */
export const PAGE_MAX_EVENTS = 100;

/** Most bytes of event JSON in one page (far below the 400 KB item limit, gzipped above 4 KiB). */
export const PAGE_MAX_BYTES = 64 * 1024;

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

/** The events split into pages (in order; the same events always split the same way). */
export function historyPages(events: readonly HistoryEvent[]): HistoryEvent[][] {
  const pages: HistoryEvent[][] = [];
  let page: HistoryEvent[] = [];
  let bytes = 0;
  for (const event of events) {
    const size = Buffer.byteLength(JSON.stringify(event), 'utf8');
    if (page.length > 0 && (page.length >= PAGE_MAX_EVENTS || bytes + size > PAGE_MAX_BYTES)) {
      pages.push(page);
      page = [];
      bytes = 0;
    }
    page.push(event);
    bytes += size;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

/** The item of one page of history events (non-empty). */
export function historyItem(
  key: ExecutionKey,
  events: readonly HistoryEvent[],
  options: HistoryOptions,
): Record<string, unknown> {
  const last = events[events.length - 1];
  if (last === undefined) throw new RangeError('a history page holds at least one event');
  const end = events.find((event) => END_EVENTS.has(event.type));
  const time = Date.parse((end ?? last).time);
  const days = options.retentionDays + (end !== undefined ? 0 : HISTORY_GRACE_DAYS);
  return {
    pk: executionPk(key),
    sk: historySk(last.eventId),
    events: encodeJson(events, options.compressAbove),
    ...(Number.isFinite(time) ? { expiresAt: expiryOf(time, days) } : {}),
  };
}

/** Writes events as history pages, 25 items per request; unprocessed items are retried with backoff. */
export async function writeHistoryItems(
  db: DynamoDBDocumentClient,
  table: string,
  key: ExecutionKey,
  events: HistoryEvent[],
  options: HistoryOptions,
): Promise<void> {
  const items = historyPages(events).map((page) => historyItem(key, page, options));
  for (let start = 0; start < items.length; start += BATCH_WRITE_SIZE) {
    let requests = items.slice(start, start + BATCH_WRITE_SIZE).map((Item) => ({ PutRequest: { Item } }));
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

/** The events of a stored history item: a page, or a single event (written before pages). */
function eventsOfItem(item: Record<string, unknown>): HistoryEvent[] {
  return item.events !== undefined
    ? decodeJson<HistoryEvent[]>(item.events)
    : [decodeJson<HistoryEvent>(item.event)];
}

/**
 * Events with `eventId > afterEventId`, ascending, at most `limit` (consistent read). Items hold up
 * to `PAGE_MAX_EVENTS` events each, so a page of `limit` events is asked for as about `limit /
 * PAGE_MAX_EVENTS` items, then as many more as the events still missing need at the rate seen so far:
 * asking for `limit` items decoded (and billed) up to a hundred times the events a page returns, and
 * reading a long history page by page cost the square of its length.
 */
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
  let itemsRead = 0;
  let eventsRead = 0;
  do {
    const missing = limit - events.length;
    const perItem = itemsRead === 0 ? PAGE_MAX_EVENTS : Math.max(1, eventsRead / itemsRead);
    // Pages hold one event or more: never more items than events wanted.
    const wanted = Math.min(missing, Math.ceil(missing / perItem) + 1);
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
        Limit: wanted,
        ...(exclusiveStartKey !== undefined ? { ExclusiveStartKey: exclusiveStartKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const held = eventsOfItem(item);
      itemsRead += 1;
      eventsRead += held.length;
      for (const event of held) {
        // Pages written by overlapping appends repeat events: each id once, ascending.
        if (event.eventId > (events.at(-1)?.eventId ?? afterEventId)) events.push(event);
      }
    }
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey !== undefined && events.length < limit);
  return events.slice(0, limit);
}
