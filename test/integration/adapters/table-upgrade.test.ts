/**
 * A data folder made before the tokens table had its task indexes: `ensureTables` rebuilds the table
 * with them (dynalite cannot add an index to a table), keeping every item.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { ensureTables } from '../../../lib/adapters/aws/index.ts';
import { type AwsLocal, startAwsLocal } from '../../support/aws-local.ts';

describe('tables of an older data folder', () => {
  let local: AwsLocal;
  before(async () => {
    local = await startAwsLocal();
  });
  after(async () => local.stop());

  it('gets the tokens table its indexes, with its items kept', async () => {
    // Prepare: the tokens table as the previous layout made it (no GSI), with one record.
    await local.dynamo.send(
      new CreateTableCommand({
        TableName: 'old-tokens',
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'tokenHash', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'tokenHash', AttributeType: 'S' }],
      }),
    );
    const item = { tokenHash: { S: 'h1' }, status: { S: 'waiting' }, stepName: { S: 's' } };
    await local.dynamo.send(new PutItemCommand({ TableName: 'old-tokens', Item: item }));
    // Act
    await ensureTables(local.dynamo, { executions: 'old-ex', tokens: 'old-tokens', flows: 'old-fl' });
    await ensureTables(local.dynamo, { executions: 'old-ex', tokens: 'old-tokens', flows: 'old-fl' });
    // Assess
    const described = await local.dynamo.send(new DescribeTableCommand({ TableName: 'old-tokens' }));
    assert.deepEqual(described.Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort(), [
      'byTaskId',
      'tasks',
    ]);
    const kept = await local.dynamo.send(
      new GetItemCommand({ TableName: 'old-tokens', Key: { tokenHash: { S: 'h1' } } }),
    );
    assert.deepEqual(kept.Item, item);
  });
});
