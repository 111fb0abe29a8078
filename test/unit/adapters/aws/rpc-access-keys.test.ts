import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { awsRpcOptions, readEnvironment } from '../../../../lambdas/composition.ts';
import { parseAccessKeys, secretAccessKeys } from '../../../../lib/adapters/aws/secret-access-keys.ts';

describe('RPC access keys from Secrets Manager', () => {
  it('reads the secret once; a failed read is retried at the next call', async () => {
    const mock = mockClient(SecretsManagerClient);
    mock
      .on(GetSecretValueCommand, { SecretId: 'arn:secret' })
      .rejectsOnce(new Error('throttled'))
      .resolves({ SecretString: '{"AK1":"S1","AK2":"S2"}' });
    const keys = secretAccessKeys(new SecretsManagerClient({ region: 'us-east-1' }), 'arn:secret');
    await assert.rejects(keys(), /throttled/);
    assert.deepEqual(await keys(), { AK1: 'S1', AK2: 'S2' });
    assert.deepEqual(await keys(), { AK1: 'S1', AK2: 'S2' });
    assert.equal(mock.commandCalls(GetSecretValueCommand).length, 2);
    mock.restore();
  });

  it('refuses a secret that is not a JSON object of strings', () => {
    for (const text of ['nope', '[]', '{"AK":1}', '{"AK":""}'])
      assert.throws(() => parseAccessKeys(text), /JSON object/);
  });

  it('turns the RPC API off on AWS when no secret is configured', () => {
    const env = {
      FLOWBACK_EXECUTIONS_TABLE: 'e',
      FLOWBACK_TOKENS_TABLE: 't',
      FLOWBACK_FLOWS_TABLE: 'f',
      FLOWBACK_WORK_QUEUE_URL: 'w',
      FLOWBACK_TIMER_QUEUE_URL: 't',
    };
    const unused = () => {
      throw new Error('not composed');
    };
    assert.deepEqual(awsRpcOptions(readEnvironment(env), unused), { enabled: false });
    const on = readEnvironment({ ...env, FLOWBACK_RPC_ACCESS_KEY_SECRET_ARN: 'arn:aws:secretsmanager:x' });
    assert.equal(on.rpcAccessKeySecret, 'arn:aws:secretsmanager:x');
    const options = awsRpcOptions(on, unused);
    assert.equal(options.enabled, undefined);
    assert.equal(typeof options.accessKeys, 'function');
  });
});
