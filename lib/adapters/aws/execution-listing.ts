/**
 * Listings of the executions table: a flow's executions by start time (the `byFlow` index), and the
 * executions with pending work (a Scan, for start-up recovery and the local sweeper only).
 */
import { type DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { ExecutionKey, ExecutionState } from '../../engine/types.ts';
import type { ExecutionCursor, ListExecutionsQuery, Page } from '../../ports/execution-store.ts';
import { stateOfItem } from './execution-item.ts';
import { executionKeyOf, STATE_SK, startKey } from './item-codec.ts';
import { BY_FLOW_INDEX } from './tables.ts';

/** A flow's executions by start time (then name), ascending, from the `byFlow` index. */
export async function listFlowExecutions(
  db: DynamoDBDocumentClient,
  table: string,
  flowName: string,
  query: ListExecutionsQuery,
): Promise<Page<ExecutionState, ExecutionCursor>> {
  const found: ExecutionState[] = [];
  const names: Record<string, string> = { '#flowName': 'flowName' };
  const values: Record<string, unknown> = { ':flowName': flowName };
  let condition = '#flowName = :flowName';
  if (query.after !== undefined) {
    names['#startKey'] = 'startKey';
    values[':after'] = startKey(query.after.startedTime, query.after.executionName);
    condition += ' AND #startKey > :after';
  }
  if (query.status !== undefined) {
    names['#status'] = 'status';
    values[':status'] = query.status;
  }
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const wanted = query.limit + 1 - found.length;
    const page = await db.send(
      new QueryCommand({
        TableName: table,
        IndexName: BY_FLOW_INDEX,
        KeyConditionExpression: condition,
        ...(query.status !== undefined ? { FilterExpression: '#status = :status' } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        Limit: query.status === undefined ? wanted : Math.max(wanted, 100),
        ...(exclusiveStartKey !== undefined ? { ExclusiveStartKey: exclusiveStartKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) found.push(stateOfItem(item));
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey !== undefined && found.length <= query.limit);
  const items = found.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items,
    ...(found.length > items.length && last !== undefined
      ? { next: { startedTime: last.startedTime, executionName: last.executionName } }
      : {}),
  };
}

/**
 * Scans the whole table for state items with a pending outbox (recovery at start-up and the sweeper
 * only: a Scan reads every item, history included).
 */
export async function listPendingExecutions(
  db: DynamoDBDocumentClient,
  table: string,
  limit: number,
  after?: ExecutionKey,
): Promise<Page<ExecutionKey, ExecutionKey>> {
  const pks: string[] = [];
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: table,
        FilterExpression:
          '(size(#outboxes) > :zero OR size(#inbox) > :zero OR attribute_exists(#pending)) AND #sk = :state',
        ProjectionExpression: 'pk',
        ExpressionAttributeNames: {
          '#outboxes': 'outboxes',
          '#pending': 'pending',
          '#inbox': 'inbox',
          '#sk': 'sk',
        },
        ExpressionAttributeValues: { ':state': STATE_SK, ':zero': 0 },
        ConsistentRead: true,
        ...(exclusiveStartKey !== undefined ? { ExclusiveStartKey: exclusiveStartKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) pks.push(String(item.pk));
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey !== undefined);
  const order = (key: ExecutionKey): string => `${key.flowName}\u0000${key.executionName}`;
  const pending = pks
    .map(executionKeyOf)
    .filter((key) => after === undefined || order(key) > order(after))
    .sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  const items = pending.slice(0, limit);
  const last = items.at(-1);
  return { items, ...(pending.length > items.length && last !== undefined ? { next: last } : {}) };
}
