/**
 * `CallLedger` on the executions table: one item per task attempt's call in the execution's
 * partition, `sk` = `c#<callId>` (seen by neither the recovery scans, which look at `state` and `t#`
 * sort keys, nor the history range `h#…`), with the table's TTL attribute set to the retention. A
 * conditional put claims it; the old item it replaced tells a repeat from a first call.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ExecutionKey } from '../../engine/types.ts';
import type { CallClaim, CallLedger, ClaimResult } from '../../ports/call-ledger.ts';
import { documentClient } from './document-client.ts';
import { DEFAULT_RETENTION_DAYS } from './dynamo-execution-store.ts';
import { executionPk, expiryOf, isConditionFailed } from './item-codec.ts';
import { TTL_ATTRIBUTE } from './tables.ts';

/** `sk` prefix of call items. */
export const CALL_SK_PREFIX = 'c#';

/** Call claims on DynamoDB. */
export class DynamoCallLedger implements CallLedger {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #retentionDays: number;

  constructor(client: DynamoDBClient, tableName: string, options: { retentionDays?: number } = {}) {
    this.#db = documentClient(client);
    this.#table = tableName;
    this.#retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
  }

  async claim(claim: CallClaim): Promise<ClaimResult> {
    const before = claim.takeOverBefore;
    try {
      const put = await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            pk: executionPk(claim.executionKey),
            sk: `${CALL_SK_PREFIX}${claim.callId}`,
            scheduleEventId: claim.scheduleEventId,
            owner: claim.owner,
            claimedAt: claim.now,
            leaseUntil: claim.leaseUntil,
            [TTL_ATTRIBUTE]: expiryOf(claim.now, this.#retentionDays),
          },
          ConditionExpression: `attribute_not_exists(pk) OR #leaseUntil <= :now${before !== undefined ? ' OR #claimedAt < :before' : ''}`,
          ExpressionAttributeNames: {
            '#leaseUntil': 'leaseUntil',
            ...(before !== undefined ? { '#claimedAt': 'claimedAt' } : {}),
          },
          ExpressionAttributeValues: {
            ':now': claim.now,
            ...(before !== undefined ? { ':before': before } : {}),
          },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return { claimed: true, repeat: put.Attributes !== undefined };
    } catch (error) {
      if (isConditionFailed(error)) return { claimed: false, leaseUntil: claim.leaseUntil };
      throw error;
    }
  }

  async release(executionKey: ExecutionKey, callId: string, owner: string): Promise<void> {
    try {
      await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { pk: executionPk(executionKey), sk: `${CALL_SK_PREFIX}${callId}` },
          UpdateExpression: 'SET #leaseUntil = :zero',
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#leaseUntil': 'leaseUntil', '#owner': 'owner' },
          ExpressionAttributeValues: { ':zero': 0, ':owner': owner },
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  }
}
