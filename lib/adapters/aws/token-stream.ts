/**
 * Records of the tokens table's stream (OLD_IMAGE), read as the port's `TokenRecord`s. A waiting token
 * deleted by DynamoDB's TTL service had its deadline pass (its TTL is the deadline): the backstop of a
 * lost timer. Deletions by anyone else, tombstones expiring after the retention period, inserts and
 * modifications are not expiries.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { TokenRecord } from '../../ports/token-store.ts';
import { tokenRecordOf } from './dynamo-token-store.ts';

/** The principal DynamoDB's TTL service deletes items as. */
const TTL_PRINCIPAL = 'dynamodb.amazonaws.com';

/** True when the record is a deletion made by DynamoDB's TTL service. */
export function isTtlDeletion(record: DynamoDBRecord): boolean {
  const identity = record.userIdentity as { type?: unknown; principalId?: unknown } | undefined;
  return (
    record.eventName === 'REMOVE' && identity?.type === 'Service' && identity.principalId === TTL_PRINCIPAL
  );
}

/** The waiting token a TTL deletion removed, or `undefined` (another record, or a tombstone). */
export function expiredWaitingToken(record: DynamoDBRecord): TokenRecord | undefined {
  const image = record.dynamodb?.OldImage;
  if (!isTtlDeletion(record) || image === undefined) return undefined;
  const token = tokenRecordOf(unmarshall(image as Record<string, AttributeValue>));
  return token.status === 'waiting' ? token : undefined;
}
