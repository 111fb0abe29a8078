/**
 * The Alibaba-compatible RPC API on AWS: `GET /` and `POST /` exist only when an access-key secret is
 * configured, carry no IAM authorization (the function verifies HMAC-SHA1 signatures), and cdk-nag
 * accepts them only through their two justified acknowledgements.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { FlowbackStack } from '../../lib/infra/flowback-stack.ts';
import { readStackContext } from '../../lib/infra/stack-context.ts';
import { synthEngine, testApp } from './synth.ts';

const withSecret = () =>
  synthEngine({}, (stack) => ({
    rpcAccessKeySecret: secretsmanager.Secret.fromSecretNameV2(stack, 'Keys', 'flowback/rpc-keys'),
  }));

/** The root resource's methods of a template, as `METHOD AUTH`. */
function rootMethods(template: ReturnType<typeof synthEngine>['template']): string[] {
  const methods = template.findResources('AWS::ApiGateway::Method');
  return Object.values(methods)
    .filter((method) => JSON.stringify(method.Properties.ResourceId).includes('RootResourceId'))
    .map((method) => `${method.Properties.HttpMethod} ${method.Properties.AuthorizationType}`)
    .sort();
}

describe('the RPC API routes on AWS', () => {
  it('are absent without an access-key secret: every method stays IAM-only', () => {
    const { template } = synthEngine();
    assert.deepEqual(rootMethods(template), []);
  });

  it('are GET / and POST / without IAM when a secret is configured', () => {
    const { template } = withSecret();
    assert.deepEqual(rootMethods(template), ['GET NONE', 'POST NONE']);
    const others = Object.values(template.findResources('AWS::ApiGateway::Method')).filter(
      (method) => !JSON.stringify(method.Properties.ResourceId).includes('RootResourceId'),
    );
    assert.ok(others.length > 0);
    for (const method of others) assert.equal(method.Properties.AuthorizationType, 'AWS_IAM');
  });

  it('give the api function the secret through its environment', () => {
    const { template } = withSecret();
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ FLOWBACK_RPC_ACCESS_KEY_SECRET_ARN: Match.anyValue() }) },
    });
  });

  it('answer gateway errors with Code as well, which is all the Alibaba SDK reads', () => {
    const { template } = withSecret();
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'THROTTLED',
      ResponseTemplates: { 'application/json': Match.stringLikeRegexp('"Code":"ResourceThrottled"') },
    });
  });

  it('are a route without authorizer on the HTTP API variant', () => {
    const { template } = synthEngine({ api: 'http' }, (stack) => ({
      rpcAccessKeySecret: secretsmanager.Secret.fromSecretNameV2(stack, 'Keys', 'flowback/rpc-keys'),
    }));
    for (const key of ['GET /', 'POST /']) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: key,
        AuthorizationType: 'NONE',
      });
    }
  });

  it('pass cdk-nag through the stack context option rpcSecretName', () => {
    const app = testApp();
    app.node.setContext('rpcSecretName', 'flowback/rpc-keys');
    const context = readStackContext(app.node);
    assert.equal(context.rpcSecretName, 'flowback/rpc-keys');
    new FlowbackStack(app, 'Flowback', { engine: context.engine, rpcSecretName: 'flowback/rpc-keys' });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    assert.doesNotThrow(() => app.synth());
  });
});
