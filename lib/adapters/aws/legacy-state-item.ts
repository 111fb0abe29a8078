/**
 * State items of layout 1 (the definition inline, one `outbox` attribute and a `pending` flag) are
 * read as they are and moved to the current layout by their next commit: the outbox becomes pending
 * outbox `version` (committed at 0, so that the next committer carries it out), the definition goes
 * to its item by hash.
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ExecutionKey } from '../../engine/types.ts';
import type { FlowDefinition } from '../../fdl/types.ts';
import type { ExecutionRecord } from '../../ports/execution-store.ts';
import { encodeOutbox, isLegacyItem, outboxesOfItem, outboxKey } from './execution-item.ts';
import { encodeJson, executionPk, isConditionFailed, STATE_SK } from './item-codec.ts';

/** Where the state items live, and how their parts are encoded. */
export interface StateItemTable {
  db: DynamoDBDocumentClient;
  table: string;
  compressAbove: number;
}

/**
 * Moves the state item of `key` to the current layout if it is of layout 1 and still at `version`;
 * the commit that follows is conditional on the new layout, so a lost race here is harmless.
 */
export async function migrateLegacyStateItem(
  { db, table, compressAbove }: StateItemTable,
  key: ExecutionKey,
  version: number,
  recordOf: (item: Record<string, unknown>) => Promise<ExecutionRecord>,
  storeDefinition: (definition: FlowDefinition) => Promise<string>,
): Promise<void> {
  const got = await db.send(
    new GetCommand({ TableName: table, Key: { pk: executionPk(key), sk: STATE_SK }, ConsistentRead: true }),
  );
  if (got.Item === undefined || !isLegacyItem(got.Item) || Number(got.Item.version) !== version) return;
  const record = await recordOf(got.Item);
  const hash = await storeDefinition(record.definition);
  const outboxes: Record<string, unknown> = {};
  // A layout-1 outbox is inline, and small: it stays inline.
  for (const { pending, content } of outboxesOfItem(got.Item)) {
    if (content !== undefined)
      outboxes[outboxKey(pending.version)] = encodeOutbox({ ...pending, ...content }, compressAbove);
  }
  try {
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: executionPk(key), sk: STATE_SK },
        UpdateExpression:
          'SET #outboxes = :outboxes, #hash = :hash, #recent = if_not_exists(#recent, :none) REMOVE #outbox, #definition, #pending',
        ConditionExpression: '#version = :version AND attribute_not_exists(#outboxes)',
        ExpressionAttributeNames: {
          '#outboxes': 'outboxes',
          '#hash': 'definitionHash',
          '#recent': 'recent',
          '#pending': 'pending',
          '#outbox': 'outbox',
          '#definition': 'definition',
          '#version': 'version',
        },
        ExpressionAttributeValues: {
          ':outboxes': outboxes,
          ':hash': hash,
          ':version': version,
          ':none': encodeJson([]),
        },
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}
