import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DynamoDBRecord } from 'aws-lambda';
import { expiredWaitingToken, isTtlDeletion } from '../../../../lib/adapters/aws/token-stream.ts';
import type { TokenRecord } from '../../../../lib/ports/token-store.ts';
import { tokenStreamRecord } from '../../../support/token-stream-records.ts';

const waiting: TokenRecord = {
  tokenHash: 'h1',
  executionKey: { flowName: 'f', executionName: 'e1' },
  scheduleEventId: 3,
  stepName: 'task',
  status: 'waiting',
  deadline: 1_700_000_000_500,
  heartbeatSeconds: 30,
};

/** A stream record of `eventName` with `token`'s old image, made by the TTL service or a user. */
function record(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  token: TokenRecord | undefined,
  by: 'ttl' | 'user' = 'ttl',
): DynamoDBRecord {
  return tokenStreamRecord(eventName, token, '1', by);
}

describe('the tokens table stream', () => {
  it('a TTL deletion of a waiting token gives the token record', () => {
    const ttlDeletion = record('REMOVE', waiting);

    assert.equal(isTtlDeletion(ttlDeletion), true);
    assert.deepEqual(expiredWaitingToken(ttlDeletion), waiting);
  });

  it('a deletion by a user is not an expiry', () => {
    const userDelete = record('REMOVE', waiting, 'user');
    const otherService: DynamoDBRecord = {
      ...userDelete,
      userIdentity: { type: 'Service', principalId: 'lambda.amazonaws.com' },
    };

    assert.equal(isTtlDeletion(userDelete), false);
    assert.equal(expiredWaitingToken(userDelete), undefined);
    assert.equal(isTtlDeletion(otherService), false);
    assert.equal(expiredWaitingToken(otherService), undefined);
  });

  it('an insert or a modification is not an expiry, even with the TTL service as identity', () => {
    assert.equal(isTtlDeletion(record('INSERT', waiting)), false);
    assert.equal(expiredWaitingToken(record('INSERT', waiting)), undefined);
    assert.equal(expiredWaitingToken(record('MODIFY', waiting)), undefined);
  });

  it('a TTL deletion of a tombstone (its retention over), or without an old image, is skipped', () => {
    const tombstone: TokenRecord = {
      ...waiting,
      status: 'ended',
      outcome: { kind: 'timedOut' },
      endedTime: 1_700_000_000_100,
    };

    assert.equal(isTtlDeletion(record('REMOVE', tombstone)), true);
    assert.equal(expiredWaitingToken(record('REMOVE', tombstone)), undefined);
    assert.equal(expiredWaitingToken(record('REMOVE', undefined)), undefined);
  });
});
