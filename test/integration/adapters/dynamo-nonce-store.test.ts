import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DynamoNonceStore, noncePk } from '../../../lib/adapters/aws/dynamo-nonce-store.ts';
import { type AwsLocal, startAwsLocal } from '../../support/aws-local.ts';

describe('DynamoNonceStore (on dynalite)', () => {
  let local: AwsLocal;

  before(async () => {
    local = await startAwsLocal();
  });

  after(async () => {
    await local?.stop();
  });

  it('claims a nonce once per key until it expires', async () => {
    let now = 1_000_000_000_000;
    const store = new DynamoNonceStore(local.dynamo, local.tables.executions, () => now);
    assert.equal(await store.claim('AK', 'n1', now + 60_000), true);
    assert.equal(await store.claim('AK', 'n1', now + 60_000), false);
    assert.equal(await store.claim('BK', 'n1', now + 60_000), true, 'per access key');
    now += 62_000;
    assert.equal(await store.claim('AK', 'n1', now + 60_000), true, 'expired: as if deleted by TTL');
    assert.match(noncePk('AK', 'n1'), /^~/, 'no execution partition starts with ~');
  });
});
