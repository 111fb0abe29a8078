/**
 * Reading a page of history reads about the items that page needs, not `limit` items: a history of
 * 25,000 events read a page of 1,000 at a time used to decode (and be billed for) the rest of the
 * history at every page. A stand-in for DynamoDB's Query (sort-key range, `Limit`, paging) counts
 * the items each read returns.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { historyItem, historyPages, readHistoryItems } from '../../../../lib/adapters/aws/history-items.ts';
import type { HistoryEvent } from '../../../../lib/engine/types.ts';

const key = { flowName: 'f', executionName: 'e' };

/** `count` events, ids 1…count. */
function events(count: number): HistoryEvent[] {
  return Array.from({ length: count }, (_, n) => ({
    eventId: n + 1,
    type: 'StepEntered',
    stepName: 'touch',
    time: '2026-12-04T00:00:00.000Z',
    scheduleEventId: 0,
    detail: { input: { n } },
  }));
}

/** A Query-only stand-in over `items`, counting the items it returns. */
function queryStandIn(items: Record<string, unknown>[]): {
  db: DynamoDBDocumentClient;
  returned: () => number;
} {
  const sorted = [...items].sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
  let returned = 0;
  const db = {
    async send(command: QueryCommand) {
      const input = command.input;
      const values = input.ExpressionAttributeValues ?? {};
      const start = input.ExclusiveStartKey?.sk as string | undefined;
      const matching = sorted.filter(
        (item) =>
          String(item.sk) >= String(values[':from']) &&
          String(item.sk) <= String(values[':to']) &&
          (start === undefined || String(item.sk) > start),
      );
      const page = matching.slice(0, input.Limit ?? matching.length);
      returned += page.length;
      const last = page.at(-1);
      return {
        Items: page,
        ...(page.length < matching.length && last !== undefined
          ? { LastEvaluatedKey: { pk: last.pk, sk: last.sk } }
          : {}),
      };
    },
  } as unknown as DynamoDBDocumentClient;
  return { db, returned: () => returned };
}

describe('history reads', () => {
  it('reads a long history page by page in about as many items as it holds', async () => {
    // Pages of 40 events, as commits of a big foreach write them.
    const all = events(25_000);
    const pages: HistoryEvent[][] = [];
    for (let i = 0; i < all.length; i += 40) pages.push(all.slice(i, i + 40));
    assert.equal(historyPages(all.slice(0, 40)).length, 1);
    const items = pages.map((page) => historyItem(key, page, { retentionDays: 90, compressAbove: 4096 }));
    const { db, returned } = queryStandIn(items);
    const read: number[] = [];
    let after = 0;
    for (;;) {
      const page = await readHistoryItems(db, 't', key, after, 1001);
      read.push(...page.slice(0, 1000).map((event) => event.eventId));
      if (page.length <= 1000) break;
      after = page[999]?.eventId ?? after;
    }
    assert.deepEqual(
      read,
      all.map((event) => event.eventId),
    );
    // 625 items in all; each page of 1,000 re-reads at most the item it ended in, and a little slack.
    assert.ok(returned() <= 625 + 25 * 3, `${returned()} items read`);
  });

  it('still finds a page among items of one event each', async () => {
    const all = events(300);
    const items = all.map((event) => historyItem(key, [event], { retentionDays: 90, compressAbove: 4096 }));
    const { db } = queryStandIn(items);
    const page = await readHistoryItems(db, 't', key, 100, 150);
    assert.deepEqual(
      page.map((event) => event.eventId),
      all.slice(100, 250).map((event) => event.eventId),
    );
  });
});
