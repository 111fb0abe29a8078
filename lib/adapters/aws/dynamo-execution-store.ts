/**
 * `ExecutionStore` on the DynamoDB executions table (layout in `tables.ts` and `execution-item.ts`).
 * Every state change is one conditional single-item write; history events are items of their own,
 * written in batches of 25 (a rewrite of a committed event is identical, so retries are harmless).
 * Limit: a state item (state, outbox, definition; gzipped above `compressAboveBytes`) must stay below
 * DynamoDB's 400 KB; a commit that would pass it throws a `RangeError` naming the limit.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ExecutionKey, ExecutionState, HistoryEvent } from '../../engine/types.ts';
import type {
  CommitResult,
  CreateResult,
  ExecutionCursor,
  ExecutionRecord,
  ExecutionStore,
  ListExecutionsQuery,
  Outbox,
  Page,
} from '../../ports/execution-store.ts';
import { documentClient } from './document-client.ts';
import {
  coreOf,
  newStateItem,
  outboxPending,
  recordOfItem,
  stateExpiry,
  stateOfItem,
  summaryChanges,
  summaryOf,
} from './execution-item.ts';
import { type HistoryOptions, readHistoryItems, writeHistoryItems } from './history-items.ts';
import {
  assertItemSize,
  DEFAULT_COMPRESS_ABOVE_BYTES,
  encodeJson,
  executionKeyOf,
  executionPk,
  isConditionFailed,
  STATE_SK,
  startKey,
  tooLargeOr,
} from './item-codec.ts';
import { BY_FLOW_INDEX } from './tables.ts';

/** Options of the DynamoDB stores. */
export interface DynamoStoreOptions {
  /** Days finished executions, their history and token tombstones are kept (default 90). */
  retentionDays?: number;
  /** JSON values longer than this many bytes are stored gzipped (default 4096). */
  compressAboveBytes?: number;
}

/** Default retention of finished executions and tombstones, in days. */
export const DEFAULT_RETENTION_DAYS = 90;

/** An execution store on DynamoDB. */
export class DynamoExecutionStore implements ExecutionStore {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #retentionDays: number;
  readonly #compressAbove: number;

  constructor(client: DynamoDBClient, tableName: string, options: DynamoStoreOptions = {}) {
    this.#db = documentClient(client);
    this.#table = tableName;
    this.#retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
    this.#compressAbove = options.compressAboveBytes ?? DEFAULT_COMPRESS_ABOVE_BYTES;
  }

  async create(record: ExecutionRecord): Promise<CreateResult> {
    const item = newStateItem(record, this.#retentionDays, this.#compressAbove);
    assertItemSize(item as unknown as Record<string, unknown>, `the state item of execution ${item.pk}`);
    for (;;) {
      try {
        await this.#db.send(
          new PutCommand({
            TableName: this.#table,
            Item: item,
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return { created: true, record: structuredClone(record) };
      } catch (error) {
        if (!isConditionFailed(error)) throw tooLargeOr(error, `the state item of execution ${item.pk}`);
      }
      const existing = await this.load(record.key);
      // Removed between the two calls (retention): try again.
      if (existing !== undefined) return { created: false, record: existing };
    }
  }

  async load(key: ExecutionKey): Promise<ExecutionRecord | undefined> {
    const got = await this.#db.send(
      new GetCommand({
        TableName: this.#table,
        Key: { pk: executionPk(key), sk: STATE_SK },
        ConsistentRead: true,
      }),
    );
    return got.Item === undefined ? undefined : recordOfItem(got.Item);
  }

  async commit(
    key: ExecutionKey,
    expectedVersion: number,
    state: ExecutionState,
    outbox: Outbox,
  ): Promise<CommitResult> {
    const names: Record<string, string> = { '#core': 'core', '#outbox': 'outbox', '#version': 'version' };
    const values: Record<string, unknown> = {
      ':core': encodeJson(coreOf(state), this.#compressAbove),
      ':outbox': encodeJson(outbox, this.#compressAbove),
      ':next': expectedVersion + 1,
      ':expected': expectedVersion,
    };
    const set = ['#core = :core', '#outbox = :outbox', '#version = :next'];
    const remove: string[] = [];
    names['#pending'] = 'pending';
    if (outboxPending(outbox)) {
      set.push('#pending = :one');
      values[':one'] = 1;
    } else {
      remove.push('#pending');
    }
    if (summaryChanges(state)) {
      names['#status'] = 'status';
      names['#summary'] = 'summary';
      values[':status'] = state.status;
      values[':summary'] = encodeJson(summaryOf(state), this.#compressAbove);
      set.push('#status = :status', '#summary = :summary');
      const expiresAt = stateExpiry(state, this.#retentionDays);
      if (expiresAt !== undefined) {
        names['#expiresAt'] = 'expiresAt';
        values[':expiresAt'] = expiresAt;
        set.push('#expiresAt = :expiresAt');
      }
    }
    // What is rewritten must fit; the whole item (summary, definition) is checked by DynamoDB itself.
    assertItemSize(values, `the state item of execution ${executionPk(key)}`);
    try {
      await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { pk: executionPk(key), sk: STATE_SK },
          UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return { ok: true, version: expectedVersion + 1 };
    } catch (error) {
      if (isConditionFailed(error)) return { ok: false, conflict: true };
      throw tooLargeOr(error, `the state item of execution ${executionPk(key)}`);
    }
  }

  async appendHistory(key: ExecutionKey, events: HistoryEvent[]): Promise<void> {
    await writeHistoryItems(this.#db, this.#table, key, events, this.#historyOptions());
  }

  async readHistory(key: ExecutionKey, afterEventId: number, limit: number): Promise<HistoryEvent[]> {
    return readHistoryItems(this.#db, this.#table, key, afterEventId, limit);
  }

  async clearOutbox(key: ExecutionKey, version: number): Promise<boolean> {
    try {
      await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { pk: executionPk(key), sk: STATE_SK },
          UpdateExpression: 'SET #outbox = :empty REMOVE #pending',
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#outbox': 'outbox', '#pending': 'pending', '#version': 'version' },
          ExpressionAttributeValues: {
            ':empty': encodeJson({ events: [], commands: [] }),
            ':version': version,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  async listExecutions(
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
      const page = await this.#db.send(
        new QueryCommand({
          TableName: this.#table,
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
  async listPendingOutboxes(limit: number, after?: ExecutionKey): Promise<Page<ExecutionKey, ExecutionKey>> {
    const pks: string[] = [];
    let exclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#db.send(
        new ScanCommand({
          TableName: this.#table,
          FilterExpression: 'attribute_exists(#pending) AND #sk = :state',
          ProjectionExpression: 'pk',
          ExpressionAttributeNames: { '#pending': 'pending', '#sk': 'sk' },
          ExpressionAttributeValues: { ':state': STATE_SK },
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

  #historyOptions(): HistoryOptions {
    return { retentionDays: this.#retentionDays, compressAbove: this.#compressAbove };
  }
}
