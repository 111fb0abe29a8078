/**
 * The `byFlow` index of the executions table, entry by entry, for a repair that compares each entry
 * with the state item it lists and writes through the DynamoDB API only: a write of an item makes
 * DynamoDB (and dynalite) derive its index entries again, and a deletion removes them. Callers decide
 * what to repair; only this file knows the entries' and items' attributes.
 */
import { isDeepStrictEqual } from 'node:util';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { documentClient } from './document-client.ts';
import { BY_FLOW_INDEX } from './tables.ts';

/** What the index shows of a state item (its projection). */
export type IndexEntry = Record<string, unknown> & {
  pk: string;
  sk: string;
  flowName: string;
  startKey: string;
};

/** An index entry and the item under its key as the index would project it (`undefined`: none). */
export interface ListedExecution {
  readonly entry: IndexEntry;
  readonly item: Record<string, unknown> | undefined;
}

/**
 * How an entry differs from its item: `missing` (no item, or only a placeholder of a repair cut
 * short), `moved` (the item is listed under another flow or start key), `outdated` (its listed status
 * or summary differ).
 */
export type IndexEntryFault = 'missing' | 'moved' | 'outdated';

/** Keys read per BatchGetItem (DynamoDB's maximum). */
const BATCH_GET_SIZE = 100;

/** The text key of an item or entry. */
function keyOf(entry: { pk: unknown; sk: unknown }): string {
  return `${String(entry.pk)}\u0000${String(entry.sk)}`;
}

/** The entries of the executions index, with their items, and the writes that refresh them. */
export class ExecutionIndexEntries {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, table: string) {
    this.#db = documentClient(client);
    this.#table = table;
  }

  /** Every entry of the index with its item, in batches of at most 100 (items read consistently). */
  async *batches(): AsyncGenerator<ListedExecution[]> {
    let exclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#db.send(
        new ScanCommand({
          TableName: this.#table,
          IndexName: BY_FLOW_INDEX,
          ...(exclusiveStartKey !== undefined ? { ExclusiveStartKey: exclusiveStartKey } : {}),
        }),
      );
      const entries = (page.Items ?? []) as IndexEntry[];
      for (let from = 0; from < entries.length; from += BATCH_GET_SIZE) {
        const chunk = entries.slice(from, from + BATCH_GET_SIZE);
        const items = await this.#itemsOf(chunk);
        yield chunk.map((entry) => ({ entry, item: items.get(keyOf(entry)) }));
      }
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey !== undefined);
  }

  /** How the entry differs from its item, or `undefined` when it shows the item as it is. */
  faultOf({ entry, item }: ListedExecution): IndexEntryFault | undefined {
    if (item === undefined || item.status === undefined) return 'missing';
    if (item.startKey !== entry.startKey || item.flowName !== entry.flowName) return 'moved';
    if (item.status !== entry.status || !isDeepStrictEqual(item.summary, entry.summary)) return 'outdated';
    return undefined;
  }

  /**
   * Deletes a `missing` entry: a placeholder item under the entry's key (unless one is there), then
   * deleted, takes the entry with it. Never deletes a state item.
   */
  async deleteEntry({ entry, item }: ListedExecution): Promise<void> {
    const key = { pk: entry.pk, sk: entry.sk };
    if (item === undefined) {
      await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...key, flowName: entry.flowName, startKey: entry.startKey },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    }
    await this.#db.send(
      new DeleteCommand({
        TableName: this.#table,
        Key: key,
        ConditionExpression: 'attribute_not_exists(#status)',
        ExpressionAttributeNames: { '#status': 'status' },
      }),
    );
  }

  /**
   * Writes the existing item's index key as the entry's (`'entry'`) or its own (`'item'`): the item
   * is unchanged by the latter, but its index entries are written again.
   */
  async rewriteIndexKey({ entry, item }: ListedExecution, as: 'entry' | 'item'): Promise<void> {
    const source = as === 'entry' || item === undefined ? entry : item;
    await this.#db.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { pk: entry.pk, sk: entry.sk },
        UpdateExpression: 'SET flowName = :flowName, startKey = :startKey',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: {
          ':flowName': String(source.flowName),
          ':startKey': String(source.startKey),
        },
      }),
    );
  }

  /** The items of `entries` (what their index entries project), by text key. */
  async #itemsOf(entries: readonly IndexEntry[]): Promise<Map<string, Record<string, unknown>>> {
    const found = new Map<string, Record<string, unknown>>();
    const unique = new Map(entries.map((entry) => [keyOf(entry), { pk: entry.pk, sk: entry.sk }]));
    let keys: Record<string, unknown>[] = [...unique.values()];
    while (keys.length > 0) {
      const got = await this.#db.send(
        new BatchGetCommand({
          RequestItems: {
            [this.#table]: {
              Keys: keys,
              ConsistentRead: true,
              ProjectionExpression: 'pk, sk, flowName, startKey, #status, summary',
              ExpressionAttributeNames: { '#status': 'status' },
            },
          },
        }),
      );
      for (const item of got.Responses?.[this.#table] ?? []) found.set(keyOf(item as IndexEntry), item);
      keys = (got.UnprocessedKeys?.[this.#table]?.Keys ?? []) as Record<string, unknown>[];
    }
    return found;
  }
}
