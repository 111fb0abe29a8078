/** Records of the tokens table's stream (OLD_IMAGE), as DynamoDB Streams delivers them to a Lambda. */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { TokenRecord } from '../../lib/ports/token-store.ts';

/** The tokens table's item of `token`, as DynamoTokenStore writes it. */
function tokenItem(token: TokenRecord): Record<string, unknown> {
  return {
    tokenHash: token.tokenHash,
    flowName: token.executionKey.flowName,
    executionName: token.executionKey.executionName,
    scheduleEventId: token.scheduleEventId,
    stepName: token.stepName,
    status: token.status,
    ...(token.deadline !== undefined
      ? { deadline: token.deadline, expiresAt: Math.ceil(token.deadline / 1000) }
      : {}),
    ...(token.heartbeatSeconds !== undefined ? { heartbeatSeconds: token.heartbeatSeconds } : {}),
    ...(token.outcome !== undefined ? { outcome: JSON.stringify(token.outcome) } : {}),
    ...(token.endedTime !== undefined ? { endedTime: token.endedTime } : {}),
  };
}

/**
 * A stream record of `eventName` whose old image is `token` (none when `undefined`), made by the TTL
 * service unless `by` is `'user'`.
 */
export function tokenStreamRecord(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  token: TokenRecord | undefined,
  sequence: string,
  by: 'ttl' | 'user' = 'ttl',
): DynamoDBRecord {
  return {
    eventID: `ev-${sequence}`,
    eventName,
    dynamodb: {
      SequenceNumber: sequence,
      ...(token !== undefined ? { OldImage: marshall(tokenItem(token)) as never } : {}),
    },
    ...(by === 'ttl' ? { userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } } : {}),
  };
}
