/**
 * Brings a table of an older local data folder up to its layout's indexes. dynalite cannot add a GSI
 * to an existing table (UpdateTable ignores `GlobalSecondaryIndexUpdates`), so a table that lacks
 * one is rebuilt: its items are read, the table is deleted and created with the layout, and the
 * items are written back (the new indexes then cover them). Used by the local runtime only; on AWS
 * the stack declares the indexes and CloudFormation adds them.
 */

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteItemCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';

/** Items per BatchWriteItem (DynamoDB's limit). */
const BATCH_WRITE_ITEMS = 25;

/** Pause between two DescribeTable polls while a table is being deleted. */
const POLL_MS = 50;

/** Waits until table `name` no longer exists. */
async function waitGone(client: DynamoDBClient, name: string): Promise<void> {
  for (;;) {
    try {
      await client.send(new DescribeTableCommand({ TableName: name }));
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return;
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The GSI names `name` is missing from `wanted`. */
export async function missingIndexes(
  client: DynamoDBClient,
  name: string,
  wanted: readonly string[],
): Promise<string[]> {
  const described = await client.send(new DescribeTableCommand({ TableName: name }));
  const present = new Set((described.Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  return wanted.filter((index) => !present.has(index));
}

/**
 * Rebuilds table `create.TableName`, keeping every item; `createTable` creates it with its layout and
 * waits until it is ACTIVE. (A crash half-way loses the items read so far: a local data folder only.)
 */
export async function rebuildTable(
  client: DynamoDBClient,
  create: CreateTableCommandInput & { TableName: string },
  createTable: () => Promise<void>,
): Promise<void> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: create.TableName,
        ...(start !== undefined ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  await client.send(new DeleteTableCommand({ TableName: create.TableName }));
  await waitGone(client, create.TableName);
  await createTable();
  for (let from = 0; from < items.length; from += BATCH_WRITE_ITEMS) {
    let requests = items.slice(from, from + BATCH_WRITE_ITEMS).map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const written = await client.send(
        new BatchWriteItemCommand({ RequestItems: { [create.TableName]: requests } }),
      );
      requests = (written.UnprocessedItems?.[create.TableName] ?? []) as typeof requests;
    }
  }
}
