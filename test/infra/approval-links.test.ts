/**
 * Approval links on AWS: with `approvalLinks`, the stack creates the signing secret, gives its ARN and
 * the links' base URL to the three engine functions with exactly `GetSecretValue` on it, and adds
 * `GET`/`POST /callbacks/{taskId}/{decision}` without IAM, throttled far below the stage; without it,
 * none of that exists.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logicalId, permissionsOf, show, synthEngine } from './synth.ts';

/** The callback methods of a REST template, as `METHOD AUTH`. */
function callbackMethods(template: ReturnType<typeof synthEngine>['template']): string[] {
  const resources = template.findResources('AWS::ApiGateway::Resource');
  const callbacks = Object.entries(resources)
    .filter(([, resource]) => resource.Properties.PathPart === '{decision}')
    .map(([id]) => id);
  return Object.values(template.findResources('AWS::ApiGateway::Method'))
    .filter((method) => callbacks.includes(method.Properties.ResourceId?.Ref))
    .map((method) => `${method.Properties.HttpMethod} ${method.Properties.AuthorizationType}`)
    .sort();
}

describe('approval links on AWS', () => {
  it('are absent by default: no secret, no callback routes, no link variables', () => {
    const { template, engine } = synthEngine();
    assert.equal(engine.linkSecret, undefined);
    assert.deepEqual(Object.keys(template.findResources('AWS::SecretsManager::Secret')), []);
    assert.deepEqual(callbackMethods(template), []);
    const variables =
      template.findResources('AWS::Lambda::Function')[logicalId(engine.functions.api.function)]?.Properties
        .Environment.Variables;
    assert.equal(variables.FLOWBACK_LINK_SECRET_ARN, undefined);
  });

  it('create the secret, the two unauthenticated, throttled routes, and grant exactly GetSecretValue on it', () => {
    const { template, engine } = synthEngine({ approvalLinks: true });
    const secret = engine.linkSecret;
    assert.ok(secret);
    assert.deepEqual(callbackMethods(template), ['GET NONE', 'POST NONE']);
    const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0];
    const settings = stage?.Properties.MethodSettings as {
      ResourcePath: string;
      HttpMethod: string;
      ThrottlingRateLimit?: number;
    }[];
    const limited = settings.filter(
      (setting) => setting.ResourcePath === '/~1callbacks~1{taskId}~1{decision}',
    );
    assert.deepEqual(limited.map((setting) => [setting.HttpMethod, setting.ThrottlingRateLimit]).sort(), [
      ['GET', 10],
      ['POST', 10],
    ]);
    for (const fn of Object.values(engine.functions)) {
      const variables =
        template.findResources('AWS::Lambda::Function')[logicalId(fn.function)]?.Properties.Environment
          .Variables;
      assert.equal(show(variables.FLOWBACK_LINK_SECRET_ARN), `Ref:${logicalId(secret)}`);
      assert.match(show(variables.FLOWBACK_PUBLIC_URL), /^https:\/\/.*RestApi.*execute-api.*\/v1$/);
      const onSecret: string[] = permissionsOf(template, logicalId(fn.role)).filter((line) =>
        line.includes(logicalId(secret)),
      );
      assert.deepEqual(onSecret, [`Allow secretsmanager:GetSecretValue Ref:${logicalId(secret)}`]);
    }
  });

  it('use the public URL given, and route settings on the HTTP API', () => {
    const { template, engine } = synthEngine({
      approvalLinks: true,
      api: 'http',
      publicUrl: 'https://flows.example.com',
    });
    const variables =
      template.findResources('AWS::Lambda::Function')[logicalId(engine.functions.worker.function)]?.Properties
        .Environment.Variables;
    assert.equal(variables.FLOWBACK_PUBLIC_URL, 'https://flows.example.com');
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'))
      .filter((route) => String(route.Properties.RouteKey).includes('/callbacks/'))
      .map((route) => `${route.Properties.RouteKey} ${route.Properties.AuthorizationType}`)
      .sort();
    assert.deepEqual(routes, [
      'GET /callbacks/{taskId}/{decision} NONE',
      'POST /callbacks/{taskId}/{decision} NONE',
    ]);
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0];
    assert.deepEqual(stage?.Properties.RouteSettings['POST /callbacks/{taskId}/{decision}'], {
      ThrottlingRateLimit: 10,
      ThrottlingBurstLimit: 20,
    });
  });
});
