/**
 * Timer records inside the executions table (`sk` = `t#<timerId>`), kept until the timer is delivered
 * so that overdue ones can be re-delivered (a lost timer message, a restart). A re-scheduled timer
 * keeps its place in the order (`seq` is written once).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ExecutionKey } from '../../engine/types.ts';
import type { TimerRecord, Timers } from '../../ports/timers.ts';
import { documentClient } from './document-client.ts';
import { DEFAULT_RETENTION_DAYS, type DynamoStoreOptions } from './dynamo-execution-store.ts';
import { executionKeyOf, executionPk, expiryOf, TIMER_PREFIX } from './item-codec.ts';

/** A stored timer and its scheduling order. */
interface StoredTimer {
  record: TimerRecord;
  seq: number;
}

/** The timer of a stored item. */
function storedTimerOf(item: Record<string, unknown>): StoredTimer {
  return {
    record: {
      executionKey: executionKeyOf(String(item.pk)),
      timerId: String(item.sk).slice(TIMER_PREFIX.length),
      fireAt: Number(item.fireAt),
    },
    seq: Number(item.seq),
  };
}

/** Timer records on DynamoDB (a `Timers` without a clock: `SqsTimers` adds the messages). */
export class DynamoTimerRecords implements Timers {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #retentionDays: number;
  #lastSeq = 0;

  constructor(client: DynamoDBClient, tableName: string, options: DynamoStoreOptions = {}) {
    this.#db = documentClient(client);
    this.#table = tableName;
    this.#retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
  }

  /** Writes (or rewrites) the record; its TTL is its fire time plus the retention. */
  async schedule(timer: TimerRecord): Promise<void> {
    // Increasing within this process, and roughly by real time across processes.
    this.#lastSeq = Math.max(this.#lastSeq + 1, Date.now() * 1024);
    await this.#db.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { pk: executionPk(timer.executionKey), sk: `${TIMER_PREFIX}${timer.timerId}` },
        UpdateExpression: 'SET #fireAt = :fireAt, #seq = if_not_exists(#seq, :seq), #expiresAt = :expiresAt',
        ExpressionAttributeNames: { '#fireAt': 'fireAt', '#seq': 'seq', '#expiresAt': 'expiresAt' },
        ExpressionAttributeValues: {
          ':fireAt': timer.fireAt,
          ':seq': this.#lastSeq,
          ':expiresAt': expiryOf(timer.fireAt, this.#retentionDays),
        },
      }),
    );
  }

  async delete(executionKey: ExecutionKey, timerId: string): Promise<void> {
    await this.#db.send(
      new DeleteCommand({
        TableName: this.#table,
        Key: { pk: executionPk(executionKey), sk: `${TIMER_PREFIX}${timerId}` },
      }),
    );
  }

  /**
   * Due timers by fire time, then scheduling order. Of one execution: a Query of its partition;
   * of all: a Scan of the table (the sweeper and start-up recovery only).
   */
  async listDue(now: number, limit: number, executionKey?: ExecutionKey): Promise<TimerRecord[]> {
    const due: StoredTimer[] = [];
    const names = { '#sk': 'sk', '#fireAt': 'fireAt' };
    let exclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const common = {
        TableName: this.#table,
        ConsistentRead: true,
        ExpressionAttributeNames: executionKey === undefined ? names : { ...names, '#pk': 'pk' },
        ...(exclusiveStartKey !== undefined ? { ExclusiveStartKey: exclusiveStartKey } : {}),
      };
      const values = { ':timer': TIMER_PREFIX, ':now': now };
      const page =
        executionKey === undefined
          ? await this.#db.send(
              new ScanCommand({
                ...common,
                FilterExpression: 'begins_with(#sk, :timer) AND #fireAt <= :now',
                ExpressionAttributeValues: values,
              }),
            )
          : await this.#db.send(
              new QueryCommand({
                ...common,
                KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :timer)',
                FilterExpression: '#fireAt <= :now',
                ExpressionAttributeValues: { ...values, ':pk': executionPk(executionKey) },
              }),
            );
      for (const item of page.Items ?? []) due.push(storedTimerOf(item));
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey !== undefined);
    return due
      .sort((a, b) => a.record.fireAt - b.record.fireAt || a.seq - b.seq)
      .slice(0, limit)
      .map((timer) => timer.record);
  }
}
