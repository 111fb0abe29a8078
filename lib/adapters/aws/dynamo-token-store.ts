/**
 * `TokenStore` on the DynamoDB tokens table (`tokenHash` key). A waiting record's TTL (`expiresAt`) is
 * its deadline (none without one): the TTL deletion reaches the timeouts handler through the table's
 * stream (OLD_IMAGE) as the backstop of a lost timer. A tombstone's TTL is the retention period.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type TaskOutcomeName, taskOutcomeName } from '../../engine/task-id.ts';
import type { ExecutionKey, TokenOutcome } from '../../engine/types.ts';
import type { TaskPattern } from '../../fdl/types.ts';
import type {
  EndResult,
  TaskPage,
  TaskQuery,
  TokenCallClaim,
  TokenRecord,
  TokenRegistration,
  TokenStore,
} from '../../ports/token-store.ts';
import { documentClient } from './document-client.ts';
import { DEFAULT_RETENTION_DAYS, type DynamoStoreOptions } from './dynamo-execution-store.ts';
import { expiryOf, isConditionFailed } from './item-codec.ts';
import { queryTasks, taskIndexAttributes, taskShard, taskTokenHash } from './task-index.ts';

/** Keys per BatchGetItem (DynamoDB's limit). */
const BATCH_GET_KEYS = 100;

/** Rounds of unprocessed keys retried before `getMany` gives up. */
const BATCH_GET_ROUNDS = 8;

/** A token record as stored (`outcome` as JSON text). */
export function tokenRecordOf(item: Record<string, unknown>): TokenRecord {
  return {
    tokenHash: String(item.tokenHash),
    executionKey: { flowName: String(item.flowName), executionName: String(item.executionName) },
    scheduleEventId: Number(item.scheduleEventId),
    stepName: String(item.stepName),
    status: item.status === 'ended' ? 'ended' : 'waiting',
    ...(typeof item.deadline === 'number' ? { deadline: item.deadline } : {}),
    ...(typeof item.heartbeatSeconds === 'number' ? { heartbeatSeconds: item.heartbeatSeconds } : {}),
    ...(typeof item.outcome === 'string' ? { outcome: JSON.parse(item.outcome) as TokenOutcome } : {}),
    ...(typeof item.endedTime === 'number' ? { endedTime: item.endedTime } : {}),
    ...(typeof item.taskId === 'string' ? { taskId: item.taskId } : {}),
    ...(typeof item.pattern === 'string' ? { pattern: item.pattern as TaskPattern } : {}),
    ...(typeof item.resourceArn === 'string' ? { resourceArn: item.resourceArn } : {}),
    ...(typeof item.scheduledTime === 'number' ? { scheduledTime: item.scheduledTime } : {}),
    ...(typeof item.outcomeName === 'string' ? { outcomeName: item.outcomeName as TaskOutcomeName } : {}),
  };
}

/** A token store on DynamoDB. */
export class DynamoTokenStore implements TokenStore {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #retentionDays: number;

  constructor(client: DynamoDBClient, tableName: string, options: DynamoStoreOptions = {}) {
    this.#db = documentClient(client);
    this.#table = tableName;
    this.#retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
  }

  async registerForCall(
    registration: TokenRegistration,
    claim: TokenCallClaim,
  ): Promise<{ claimed: true; repeat: boolean } | { claimed: false }> {
    const before = claim.takeOverBefore;
    try {
      const put = await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...this.#waitingItem(registration),
            claimedAt: claim.now,
            leaseUntil: claim.leaseUntil,
            owner: claim.owner,
          },
          ConditionExpression:
            'attribute_not_exists(tokenHash) OR (#status = :waiting AND (attribute_not_exists(#leaseUntil) OR ' +
            `#leaseUntil <= :now${before !== undefined ? ' OR #claimedAt < :before' : ''}))`,
          ExpressionAttributeNames: {
            '#status': 'status',
            '#leaseUntil': 'leaseUntil',
            ...(before !== undefined ? { '#claimedAt': 'claimedAt' } : {}),
          },
          ExpressionAttributeValues: {
            ':waiting': 'waiting',
            ':now': claim.now,
            ...(before !== undefined ? { ':before': before } : {}),
          },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return { claimed: true, repeat: put.Attributes !== undefined };
    } catch (error) {
      if (isConditionFailed(error)) return { claimed: false };
      throw error;
    }
  }

  async releaseCall(tokenHash: string, owner: string): Promise<void> {
    try {
      await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { tokenHash },
          UpdateExpression: 'SET #leaseUntil = :zero',
          ConditionExpression: '#owner = :owner AND #status = :waiting',
          ExpressionAttributeNames: { '#leaseUntil': 'leaseUntil', '#owner': 'owner', '#status': 'status' },
          ExpressionAttributeValues: { ':zero': 0, ':owner': owner, ':waiting': 'waiting' },
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  }

  /** The item of a waiting token. */
  #waitingItem(registration: TokenRegistration): Record<string, unknown> {
    return {
      tokenHash: registration.tokenHash,
      flowName: registration.executionKey.flowName,
      executionName: registration.executionKey.executionName,
      scheduleEventId: registration.scheduleEventId,
      stepName: registration.stepName,
      status: 'waiting',
      ...(registration.deadline !== undefined
        ? { deadline: registration.deadline, expiresAt: Math.ceil(registration.deadline / 1000) }
        : {}),
      ...(registration.heartbeatSeconds !== undefined
        ? { heartbeatSeconds: registration.heartbeatSeconds }
        : {}),
      ...taskIndexAttributes(registration.tokenHash, registration),
    };
  }

  async register(registration: TokenRegistration): Promise<void> {
    try {
      await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: this.#waitingItem(registration),
          ConditionExpression: 'attribute_not_exists(tokenHash)',
        }),
      );
    } catch (error) {
      // A record with that hash (waiting or tombstone) is left unchanged.
      if (!isConditionFailed(error)) throw error;
    }
  }

  async get(tokenHash: string): Promise<TokenRecord | undefined> {
    const got = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: { tokenHash }, ConsistentRead: true }),
    );
    return got.Item === undefined ? undefined : tokenRecordOf(got.Item);
  }

  async end(
    tokenHash: string,
    outcome: TokenOutcome,
    executionKey: ExecutionKey,
    now: number,
  ): Promise<EndResult> {
    try {
      const updated = await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { tokenHash },
          UpdateExpression:
            'SET #status = :ended, #outcome = :outcome, #endedTime = :now, #expiresAt = :expiresAt, ' +
            // The task moves to the ended shard of the `tasks` index (an item without `taskOrder` stays out).
            '#taskShard = :endedShard, #outcomeName = :outcomeName, ' +
            '#flowName = if_not_exists(#flowName, :flowName), ' +
            '#executionName = if_not_exists(#executionName, :executionName), ' +
            '#scheduleEventId = if_not_exists(#scheduleEventId, :zero), ' +
            '#stepName = if_not_exists(#stepName, :empty)',
          ConditionExpression: 'attribute_not_exists(tokenHash) OR #status = :waiting',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#outcome': 'outcome',
            '#endedTime': 'endedTime',
            '#expiresAt': 'expiresAt',
            '#flowName': 'flowName',
            '#executionName': 'executionName',
            '#scheduleEventId': 'scheduleEventId',
            '#stepName': 'stepName',
            '#taskShard': 'taskShard',
            '#outcomeName': 'outcomeName',
          },
          ExpressionAttributeValues: {
            ':ended': 'ended',
            ':endedShard': taskShard('ended', tokenHash),
            ':outcomeName': taskOutcomeName(outcome),
            ':waiting': 'waiting',
            ':outcome': JSON.stringify(outcome),
            ':now': now,
            ':expiresAt': expiryOf(now, this.#retentionDays),
            ':flowName': executionKey.flowName,
            ':executionName': executionKey.executionName,
            ':zero': 0,
            ':empty': '',
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { ended: true, record: tokenRecordOf(updated.Attributes ?? {}) };
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
    const existing = await this.get(tokenHash);
    if (existing === undefined) throw new Error(`token ${tokenHash} vanished while being ended`);
    return { ended: false, record: existing };
  }

  /** Scans for waiting records past their deadline (the sweeper backstop; reads the whole table). */
  async listExpired(now: number, limit: number): Promise<TokenRecord[]> {
    const expired: TokenRecord[] = [];
    let exclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#db.send(
        new ScanCommand({
          TableName: this.#table,
          FilterExpression: '#status = :waiting AND #deadline <= :now',
          ExpressionAttributeNames: { '#status': 'status', '#deadline': 'deadline' },
          ExpressionAttributeValues: { ':waiting': 'waiting', ':now': now },
          ConsistentRead: true,
          ...(exclusiveStartKey !== undefined ? { ExclusiveStartKey: exclusiveStartKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) expired.push(tokenRecordOf(item));
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey !== undefined);
    return expired.sort((a, b) => (a.deadline ?? 0) - (b.deadline ?? 0)).slice(0, limit);
  }

  async findTask(taskId: string): Promise<TokenRecord | undefined> {
    const tokenHash = await taskTokenHash(this.#db, this.#table, taskId);
    return tokenHash === undefined ? undefined : this.get(tokenHash);
  }

  listTasks(query: TaskQuery): Promise<TaskPage> {
    return queryTasks(this.#db, this.#table, query, tokenRecordOf);
  }

  async getMany(tokenHashes: readonly string[]): Promise<TokenRecord[]> {
    const records: TokenRecord[] = [];
    for (let from = 0; from < tokenHashes.length; from += BATCH_GET_KEYS) {
      let keys: Record<string, unknown>[] = [...new Set(tokenHashes.slice(from, from + BATCH_GET_KEYS))].map(
        (tokenHash) => ({ tokenHash }),
      );
      for (let round = 0; keys.length > 0; round++) {
        if (round === BATCH_GET_ROUNDS) throw new Error('token records could not be read (throttled)');
        const got = await this.#db.send(
          new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of got.Responses?.[this.#table] ?? []) records.push(tokenRecordOf(item));
        keys = got.UnprocessedKeys?.[this.#table]?.Keys ?? [];
      }
    }
    return records;
  }
}
