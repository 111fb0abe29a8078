/**
 * The three DynamoDB tables as plain data (keys, indexes, TTL attribute, stream), used to create them
 * in dynalite locally and by the CDK stack, and `ensureTables`, which creates the missing ones.
 *
 * Executions table: `pk` = `${flowName}#${executionName}`; `sk` = `state` (the state item),
 * `h#<10-digit eventId>` (a page of history events ending with that one, see history-items.ts),
 * `t#<timerId>` (one timer record). The sparse GSI `byFlow` (`flowName`, `startKey` =
 * `<13-digit startedTime>#<executionName>`) lists a flow's executions; it projects only `status` and
 * `summary`, which change at the start and the end of an execution only, so that commits in between
 * write nothing to the index.
 *
 * Tokens table: `tokenHash` key. Two GSIs serve tasks (api.md ListTasks, DescribeTask, reports by task
 * id) without a scan: `byTaskId` (`taskId`, keys only) finds a task's record, and `tasks` (`taskShard`
 * = `<status>#<0..TASK_SHARDS-1>`, `taskOrder` = `<13-digit scheduledTime>#<taskId>`) lists tasks of
 * one status oldest first, the shard taken from the token hash so that a fan-out's registrations
 * spread over several index partitions (see task-index.ts). Both are sparse: records registered
 * before task ids, and tombstones made for unknown hashes, have no `taskId` nor `taskOrder`.
 */
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  ResourceInUseException,
  ResourceNotFoundException,
  type StreamViewType,
} from '@aws-sdk/client-dynamodb';
import { missingIndexes, rebuildTable } from './table-upgrade.ts';

/** The physical names of the three tables. */
export interface TableNames {
  executions: string;
  tokens: string;
  flows: string;
}

/** The layout of one table (on-demand billing). */
export interface TableLayout {
  keySchema: KeySchemaElement[];
  attributeDefinitions: AttributeDefinition[];
  globalSecondaryIndexes: GlobalSecondaryIndex[];
  /** The TTL attribute (epoch seconds), if the table expires items. */
  ttlAttribute?: string;
  /** The stream the table needs, if any (dynalite ignores streams). */
  streamViewType?: StreamViewType;
}

/** The GSI of the executions table that lists a flow's executions by start time. */
export const BY_FLOW_INDEX = 'byFlow';

/** The GSI of the tokens table that finds a task's record by its task id. */
export const BY_TASK_ID_INDEX = 'byTaskId';

/** The GSI of the tokens table that lists tasks of one status, oldest scheduled first. */
export const TASKS_INDEX = 'tasks';

/** What the `tasks` index projects: a task's fields (not its outcome's output, which may be 256 KiB). */
export const TASKS_INDEX_ATTRIBUTES = [
  'taskId',
  'flowName',
  'executionName',
  'stepName',
  'scheduleEventId',
  'status',
  'pattern',
  'resourceArn',
  'scheduledTime',
  'deadline',
  'heartbeatSeconds',
  'outcomeName',
  'endedTime',
];

/** The TTL attribute of every table (epoch seconds). */
export const TTL_ATTRIBUTE = 'expiresAt';

/** The three layouts, by table role. */
export const TABLE_LAYOUTS: Readonly<Record<keyof TableNames, TableLayout>> = {
  executions: {
    keySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    attributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'flowName', AttributeType: 'S' },
      { AttributeName: 'startKey', AttributeType: 'S' },
    ],
    globalSecondaryIndexes: [
      {
        IndexName: BY_FLOW_INDEX,
        KeySchema: [
          { AttributeName: 'flowName', KeyType: 'HASH' },
          { AttributeName: 'startKey', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['status', 'summary'] },
      },
    ],
    ttlAttribute: TTL_ATTRIBUTE,
  },
  tokens: {
    keySchema: [{ AttributeName: 'tokenHash', KeyType: 'HASH' }],
    attributeDefinitions: [
      { AttributeName: 'tokenHash', AttributeType: 'S' },
      { AttributeName: 'taskId', AttributeType: 'S' },
      { AttributeName: 'taskShard', AttributeType: 'S' },
      { AttributeName: 'taskOrder', AttributeType: 'S' },
    ],
    globalSecondaryIndexes: [
      {
        IndexName: BY_TASK_ID_INDEX,
        KeySchema: [{ AttributeName: 'taskId', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
      {
        IndexName: TASKS_INDEX,
        KeySchema: [
          { AttributeName: 'taskShard', KeyType: 'HASH' },
          { AttributeName: 'taskOrder', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: TASKS_INDEX_ATTRIBUTES },
      },
    ],
    ttlAttribute: TTL_ATTRIBUTE,
    streamViewType: 'OLD_IMAGE',
  },
  flows: {
    keySchema: [{ AttributeName: 'name', KeyType: 'HASH' }],
    attributeDefinitions: [{ AttributeName: 'name', AttributeType: 'S' }],
    globalSecondaryIndexes: [],
  },
};

/** How long `ensureTables` waits for a table to become ACTIVE. */
const ACTIVE_TIMEOUT_MS = 60_000;

/** Pause between two DescribeTable polls. */
const POLL_MS = 50;

/** The status of a table, or `undefined` when it does not exist. */
async function tableStatus(client: DynamoDBClient, name: string): Promise<string | undefined> {
  try {
    const described = await client.send(new DescribeTableCommand({ TableName: name }));
    return described.Table?.TableStatus;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/** The CreateTable request of a layout (on demand, with its stream). */
function createInput(name: string, layout: TableLayout) {
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST' as const,
    KeySchema: layout.keySchema,
    AttributeDefinitions: layout.attributeDefinitions,
    ...(layout.globalSecondaryIndexes.length > 0
      ? { GlobalSecondaryIndexes: layout.globalSecondaryIndexes }
      : {}),
    ...(layout.streamViewType !== undefined
      ? { StreamSpecification: { StreamEnabled: true, StreamViewType: layout.streamViewType } }
      : {}),
  };
}

/** Creates one table unless it exists; waits until ACTIVE. */
async function createTable(client: DynamoDBClient, name: string, layout: TableLayout): Promise<void> {
  if ((await tableStatus(client, name)) === undefined) {
    try {
      await client.send(new CreateTableCommand(createInput(name, layout)));
    } catch (error) {
      // Created meanwhile by someone else: wait for it like for our own.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
  for (;;) {
    const status = await tableStatus(client, name);
    if (status === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`table ${name} is not ACTIVE (status ${status ?? 'none'})`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Creates one table unless it exists, and rebuilds an existing one that lacks an index of its layout. */
async function ensureTable(client: DynamoDBClient, name: string, layout: TableLayout): Promise<void> {
  await createTable(client, name, layout);
  const wanted = layout.globalSecondaryIndexes.flatMap((index) => index.IndexName ?? []);
  if (wanted.length === 0 || (await missingIndexes(client, name, wanted)).length === 0) return;
  await rebuildTable(client, createInput(name, layout), () => createTable(client, name, layout));
}

/**
 * Creates the tables that do not exist yet (idempotent), rebuilds those of an older layout that lack
 * an index (a local data folder: table-upgrade.ts), and waits until all are ACTIVE. TTL is not
 * switched on here (dynalite has no TTL; the CDK stack declares it from `ttlAttribute`).
 */
export async function ensureTables(client: DynamoDBClient, names: TableNames): Promise<void> {
  await Promise.all(
    (Object.keys(TABLE_LAYOUTS) as (keyof TableNames)[]).map((role) =>
      ensureTable(client, names[role], TABLE_LAYOUTS[role]),
    ),
  );
}
