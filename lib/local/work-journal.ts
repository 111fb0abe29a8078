/**
 * The work journal: fauxqs keeps messages in memory only, so a work item sent to the work queue (a
 * function call in flight, say) would be lost by a crash of the process, and nothing else records it
 * (the outbox that produced it is already cleared). Locally, every work item is therefore written to
 * a DynamoDB table before it is sent, forgotten once a worker has handled it, and re-sent at start-up
 * if still there. On AWS, SQS is durable and no journal is needed.
 */
import {
  type AttributeValue,
  CreateTableCommand,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  ResourceInUseException,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import type { Dispatcher, WorkItem } from '../ports/dispatcher.ts';

/** The journal's table (pk `id` = the work item id). */
export const WORK_JOURNAL_TABLE = 'flowback-local-work';

/** Creates the journal table unless it exists. */
export async function ensureWorkJournal(dynamo: DynamoDBClient): Promise<void> {
  try {
    await dynamo.send(
      new CreateTableCommand({
        TableName: WORK_JOURNAL_TABLE,
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}

/** A dispatcher that journals each item before `inner` sends it. */
export class JournaledDispatcher implements Dispatcher {
  readonly #dynamo: DynamoDBClient;
  readonly #inner: Dispatcher;

  constructor(dynamo: DynamoDBClient, inner: Dispatcher) {
    this.#dynamo = dynamo;
    this.#inner = inner;
  }

  async enqueue(item: WorkItem): Promise<void> {
    await this.#dynamo.send(
      new PutItemCommand({
        TableName: WORK_JOURNAL_TABLE,
        Item: { id: { S: item.id }, body: { S: JSON.stringify(item) } },
      }),
    );
    await this.#inner.enqueue(item);
  }
}

/** Forgets handled work items (by the ids in their message bodies). */
export async function forgetWork(dynamo: DynamoDBClient, bodies: readonly string[]): Promise<void> {
  for (const body of bodies) {
    let id: unknown;
    try {
      id = (JSON.parse(body) as { id?: unknown }).id;
    } catch {
      continue;
    }
    if (typeof id !== 'string') continue;
    await dynamo.send(new DeleteItemCommand({ TableName: WORK_JOURNAL_TABLE, Key: { id: { S: id } } }));
  }
}

/** Every journaled item (read at start-up, before new work arrives). */
export async function journaledWork(dynamo: DynamoDBClient): Promise<WorkItem[]> {
  const items: WorkItem[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamo.send(
      new ScanCommand({
        TableName: WORK_JOURNAL_TABLE,
        ...(start !== undefined ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const body = item.body?.S;
      if (body !== undefined) items.push(JSON.parse(body) as WorkItem);
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}
