/** The function URL variant (`-c api=url`): the api function's URL with IAM auth, no API Gateway. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { logicalId, synthEngine } from './synth.ts';

const { template, engine } = synthEngine({ api: 'url' });

describe('function URL (api: "url")', () => {
  it('serves the API as the api function’s URL with AWS_IAM auth, and no API Gateway at all', () => {
    assert.equal(engine.api.kind, 'url');
    template.resourceCountIs('AWS::ApiGateway::RestApi', 0);
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 0);
    template.resourceCountIs('AWS::Lambda::Url', 1);
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'AWS_IAM',
      TargetFunctionArn: { 'Fn::GetAtt': [logicalId(engine.functions.api.function), 'Arn'] },
    });
  });

  it('grants no one the URL: no public permission (callers need lambda:InvokeFunctionUrl of their own)', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission'));
    const urlPermissions = permissions.filter((p) => p.Properties.Action === 'lambda:InvokeFunctionUrl');
    assert.deepEqual(urlPermissions, []);
  });

  it('refuses what a signed-only URL cannot serve: the RPC API and approval links', () => {
    assert.throws(
      () =>
        synthEngine({ api: 'url' }, (stack) => ({
          rpcAccessKeySecret: secretsmanager.Secret.fromSecretNameV2(stack, 'Keys', 'flowback/rpc-keys'),
        })),
      /cannot serve the RPC API/,
    );
    assert.throws(
      () => synthEngine({ api: 'url', approvalLinks: true }),
      /cannot serve the RPC API .* or approval links/,
    );
  });
});
