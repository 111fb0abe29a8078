/**
 * Start-up repair of the executions table's `byFlow` index after a crash. dynalite writes a secondary
 * index entry *before* its item, as separate LevelDB writes (DynamoDB keeps both in step); a process
 * killed between the two leaves an index entry for a write that never happened: a start whose state
 * item was never written (and is written again, at another start time, by the retried start) lists
 * the execution twice, once as a ghost that stays `Running` forever. Through the DynamoDB API only
 * (dynalite re-derives an item's index entries on every write), each entry is compared with its item:
 * - no item (or a placeholder left by a repair that was itself cut short): a placeholder item with
 *   the entry's key is written and deleted, which deletes the entry;
 * - an item under another start key: the item is moved to the entry's key and back, which deletes it;
 * - an item whose listed status or summary differ: the item is rewritten unchanged, which refreshes it.
 * Runs before anything else touches the tables; a crash during it leaves work for the next start.
 */

import { isDeepStrictEqual } from 'node:util';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../adapters/aws/document-client.ts';
import { BY_FLOW_INDEX } from '../adapters/aws/tables.ts';

/** What the index shows of a state item (its projection). */
type IndexEntry = Record<string, unknown> & { pk: string; sk: string; flowName: string; startKey: string };

/** Keys read per BatchGetItem. */
const BATCH = 100;

/** Repairs the `byFlow` index of `table`; returns how many entries were stale. */
export async function repairExecutionIndex(client: DynamoDBClient, table: string): Promise<number> {
  const db = documentClient(client);
  let repaired = 0;
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: table,
        IndexName: BY_FLOW_INDEX,
        ...(exclusiveStartKey !== undefined ? { ExclusiveStartKey: exclusiveStartKey } : {}),
      }),
    );
    const entries = (page.Items ?? []) as IndexEntry[];
    for (let from = 0; from < entries.length; from += BATCH) {
      const chunk = entries.slice(from, from + BATCH);
      const items = await itemsOf(db, table, chunk);
      for (const entry of chunk) {
        const item = items.get(keyOf(entry));
        if (await repairEntry(db, table, entry, item)) repaired += 1;
      }
    }
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey !== undefined);
  return repaired;
}

/** The text key of an item or entry. */
function keyOf(entry: { pk: unknown; sk: unknown }): string {
  return `${String(entry.pk)}\u0000${String(entry.sk)}`;
}

/** The items of `entries` (what their index entries project), by text key. */
async function itemsOf(
  db: ReturnType<typeof documentClient>,
  table: string,
  entries: readonly IndexEntry[],
): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  const unique = new Map(entries.map((entry) => [keyOf(entry), { pk: entry.pk, sk: entry.sk }]));
  let keys: Record<string, unknown>[] = [...unique.values()];
  while (keys.length > 0) {
    const got = await db.send(
      new BatchGetCommand({
        RequestItems: {
          [table]: {
            Keys: keys,
            ConsistentRead: true,
            ProjectionExpression: 'pk, sk, flowName, startKey, #status, summary',
            ExpressionAttributeNames: { '#status': 'status' },
          },
        },
      }),
    );
    for (const item of got.Responses?.[table] ?? []) found.set(keyOf(item as IndexEntry), item);
    keys = (got.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
  }
  return found;
}

/** Repairs one entry against its item; true when it was stale. */
async function repairEntry(
  db: ReturnType<typeof documentClient>,
  table: string,
  entry: IndexEntry,
  item: Record<string, unknown> | undefined,
): Promise<boolean> {
  const key = { pk: entry.pk, sk: entry.sk };
  if (item === undefined || item.status === undefined) {
    // No state item: a placeholder under the entry's key, then deleted, takes the entry with it.
    if (item === undefined) {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { ...key, flowName: entry.flowName, startKey: entry.startKey },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    }
    await db.send(
      new DeleteCommand({
        TableName: table,
        Key: key,
        ConditionExpression: 'attribute_not_exists(#status)',
        ExpressionAttributeNames: { '#status': 'status' },
      }),
    );
    return true;
  }
  if (item.startKey !== entry.startKey || item.flowName !== entry.flowName) {
    await setIndexKey(db, table, key, entry.flowName, entry.startKey);
    await setIndexKey(db, table, key, String(item.flowName), String(item.startKey));
    return true;
  }
  if (item.status !== entry.status || !isDeepStrictEqual(item.summary, entry.summary)) {
    await setIndexKey(db, table, key, String(item.flowName), String(item.startKey));
    return true;
  }
  return false;
}

/** Writes the index key attributes of an existing item (dynalite rewrites its index entries). */
async function setIndexKey(
  db: ReturnType<typeof documentClient>,
  table: string,
  key: Record<string, unknown>,
  flowName: string,
  startKey: string,
): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: table,
      Key: key,
      UpdateExpression: 'SET flowName = :flowName, startKey = :startKey',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':flowName': flowName, ':startKey': startKey },
    }),
  );
}
