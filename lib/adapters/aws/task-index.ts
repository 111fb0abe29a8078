/**
 * Tasks on the tokens table's two GSIs (tables.ts): the index attributes of a token item, and the
 * queries of ListTasks (`tasks`: every shard of one status queried oldest first, merged) and of a
 * task id (`byTaskId`, keys only, then the item itself read consistently by its hash).
 *
 * Why sharded: every waiting task of every execution lands in one status partition of the index, and
 * an index partition takes about 1,000 writes a second; a fan-out registers hundreds of tokens at once
 * (and an index that falls behind throttles the table's writes). `TASK_SHARDS` partitions per status
 * take four times that; a page reads at most `limit + 1` matches from each and merges them.
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { taskOrderKey as taskOrder } from '../../engine/task-id.ts';
import type { TaskFields, TaskPage, TaskQuery } from '../../ports/token-store.ts';
import { BY_TASK_ID_INDEX, TASKS_INDEX } from './tables.ts';

/** Index partitions per task status. */
export const TASK_SHARDS = 4;

/** Items a filtered page reads per request of one shard (a filter drops items after they are read). */
const FILTERED_READ_LIMIT = 500;

/** The shard of a token hash (hex; anything else falls in shard 0). */
function shardOf(tokenHash: string): number {
  const value = Number.parseInt(tokenHash.slice(-4), 16);
  return Number.isNaN(value) ? 0 : value % TASK_SHARDS;
}

/** The `taskShard` of a token in `status`. */
export function taskShard(status: 'waiting' | 'ended', tokenHash: string): string {
  return `${status}#${shardOf(tokenHash)}`;
}

/** The index attributes of a waiting token item that has a task id (none for older registrations). */
export function taskIndexAttributes(tokenHash: string, task: TaskFields): Record<string, unknown> {
  if (task.taskId === undefined || task.scheduledTime === undefined) return {};
  return {
    taskId: task.taskId,
    taskShard: taskShard('waiting', tokenHash),
    taskOrder: taskOrder(task.scheduledTime, task.taskId),
    scheduledTime: task.scheduledTime,
    ...(task.pattern !== undefined ? { pattern: task.pattern } : {}),
    ...(task.resourceArn !== undefined ? { resourceArn: task.resourceArn } : {}),
  };
}

/** The token hash of a task id, from `byTaskId` (eventually consistent: the item is read after). */
export async function taskTokenHash(
  db: DynamoDBDocumentClient,
  table: string,
  taskId: string,
): Promise<string | undefined> {
  const found = await db.send(
    new QueryCommand({
      TableName: table,
      IndexName: BY_TASK_ID_INDEX,
      KeyConditionExpression: '#taskId = :taskId',
      ExpressionAttributeNames: { '#taskId': 'taskId' },
      ExpressionAttributeValues: { ':taskId': taskId },
      Limit: 1,
    }),
  );
  const hash = found.Items?.[0]?.tokenHash;
  return typeof hash === 'string' ? hash : undefined;
}

/** Up to `want` matching items of one shard, in index order. */
async function shardItems(
  db: DynamoDBDocumentClient,
  table: string,
  shard: string,
  query: TaskQuery,
  want: number,
): Promise<Record<string, unknown>[]> {
  const low = query.after !== undefined ? `${query.after}!` : '0';
  const high =
    query.scheduledAtOrBefore !== undefined
      ? `${taskOrder(Math.max(0, query.scheduledAtOrBefore), '')}~`
      : '9999999999999#~';
  // (`!` sorts below every task id character, `~` above: the range is exactly after the cursor.)
  if (low > high) return [];
  const names: Record<string, string> = { '#shard': 'taskShard', '#order': 'taskOrder' };
  const values: Record<string, unknown> = { ':shard': shard, ':low': low, ':high': high };
  const filters: string[] = [];
  if (query.flowName !== undefined) {
    names['#flowName'] = 'flowName';
    values[':flowName'] = query.flowName;
    filters.push('#flowName = :flowName');
  }
  if (query.stepName !== undefined) {
    names['#stepName'] = 'stepName';
    values[':stepName'] = query.stepName;
    filters.push('#stepName = :stepName');
  }
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: table,
        IndexName: TASKS_INDEX,
        KeyConditionExpression: '#shard = :shard AND #order BETWEEN :low AND :high',
        ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        Limit: filters.length > 0 ? Math.max(want, FILTERED_READ_LIMIT) : want - items.length,
        ...(start !== undefined ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined && items.length < want);
  return items.slice(0, want);
}

/** A page of tasks of one status: every shard's first `limit + 1` matches, merged, oldest first. */
export async function queryTasks(
  db: DynamoDBDocumentClient,
  table: string,
  query: TaskQuery,
  recordOf: (item: Record<string, unknown>) => TaskPage['records'][number],
): Promise<TaskPage> {
  const shards = Array.from({ length: TASK_SHARDS }, (_, n) => `${query.status}#${n}`);
  const perShard = await Promise.all(
    shards.map((shard) => shardItems(db, table, shard, query, query.limit + 1)),
  );
  const merged = perShard.flat().sort((a, b) => (String(a.taskOrder) < String(b.taskOrder) ? -1 : 1));
  const page = merged.slice(0, query.limit);
  const last = page.at(-1);
  return {
    records: page.map(recordOf),
    ...(merged.length > query.limit && last !== undefined ? { next: String(last.taskOrder) } : {}),
  };
}
