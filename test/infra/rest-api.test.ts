/** The REST API variant: one IAM-authorized method per route of api.md, validation, throttling, logs. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { REST_ROUTES } from '../../lib/api/rest-routes.ts';
import { REST_BODY_SCHEMAS } from '../../lib/infra/rest-models.ts';
import { logicalId, show, synthEngine } from './synth.ts';

const { template, engine } = synthEngine();

/** Every method resource, with its path rebuilt from the resource tree. */
function methods(): { method: string; path: string; properties: Record<string, unknown> }[] {
  const resources = template.findResources('AWS::ApiGateway::Resource');
  const pathOf = (ref: unknown): string => {
    const text = show(ref);
    if (!text.startsWith('Ref:')) return '';
    const resource = resources[text.slice(4)];
    if (resource === undefined) return '';
    return `${pathOf(resource.Properties.ParentId)}/${resource.Properties.PathPart}`;
  };
  return Object.values(template.findResources('AWS::ApiGateway::Method')).map((method) => ({
    method: method.Properties.HttpMethod,
    path: pathOf(method.Properties.ResourceId) || '/',
    properties: method.Properties,
  }));
}

describe('REST API', () => {
  it('has exactly one method per REST route of api.md, and no catch-all', () => {
    const found = methods()
      .map((m) => `${m.method} ${m.path}`)
      .sort();
    const expected = REST_ROUTES.map((route) => `${route.method} ${route.path}`).sort();
    assert.deepEqual(found, expected);
    assert.equal(found.filter((m) => m.startsWith('ANY') || m.includes('+')).length, 0);
    assert.equal(engine.api.kind, 'rest');
  });

  it('requires AWS_IAM on every method', () => {
    for (const method of methods()) {
      assert.equal(method.properties.AuthorizationType, 'AWS_IAM', `${method.method} ${method.path}`);
    }
  });

  it('integrates every method with the api function as a Lambda proxy', () => {
    const apiFunction = logicalId(engine.functions.api.function);
    for (const method of methods()) {
      const integration = method.properties.Integration as Record<string, unknown>;
      assert.equal(integration.Type, 'AWS_PROXY');
      assert.match(show(integration.Uri), new RegExp(`${apiFunction}\\.Arn`));
    }
  });

  it('validates requests: a validator on every method, path parameters required, body models', () => {
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
    for (const method of methods()) {
      assert.ok(method.properties.RequestValidatorId, `${method.method} ${method.path} has a validator`);
      const parameters = (method.properties.RequestParameters ?? {}) as Record<string, boolean>;
      for (const name of method.path.match(/\{[^}]+\}/g) ?? []) {
        assert.equal(parameters[`method.request.path.${name.slice(1, -1)}`], true, `${method.path} ${name}`);
      }
    }
    const withModels = methods().filter((m) => m.properties.RequestModels !== undefined);
    const operations = REST_ROUTES.filter((route) => REST_BODY_SCHEMAS[route.operation] !== undefined);
    assert.equal(withModels.length, operations.length);
    assert.deepEqual(Object.keys(REST_BODY_SCHEMAS).sort(), [
      'CreateFlow',
      'ReportTaskFailed',
      'ReportTaskHeartbeat',
      'ReportTaskSucceeded',
    ]);
    template.hasResourceProperties('AWS::ApiGateway::Model', {
      ContentType: 'application/json',
      Schema: Match.objectLike({ title: 'ReportTaskSucceeded', required: ['taskToken', 'output'] }),
    });
  });

  it('has a stage with throttling, JSON access logs to a log group, error logs, metrics and tracing', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'v1',
      TracingEnabled: true,
      AccessLogSetting: {
        DestinationArn: { 'Fn::GetAtt': [logicalId(engine.api.rest!.accessLogs), 'Arn'] },
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
      MethodSettings: [
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
          MetricsEnabled: true,
          ThrottlingRateLimit: 100,
          ThrottlingBurstLimit: 200,
        }),
      ],
    });
  });

  it("answers the gateway's own errors in api.md's error shape", () => {
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'ACCESS_DENIED',
      StatusCode: '403',
      ResponseTemplates: {
        'application/json': Match.stringLikeRegexp('"code":"AccessDenied"'),
      },
    });
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'BAD_REQUEST_BODY',
      StatusCode: '400',
      ResponseTemplates: { 'application/json': Match.stringLikeRegexp('"code":"InvalidArgument"') },
    });
  });

  it('gives API Gateway one invoke permission on the api function, for this API only', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).filter(
      (each) => each.Properties.Principal !== 'events.amazonaws.com',
    );
    assert.equal(permissions.length, 1);
    const [permission] = permissions;
    assert.equal(permission?.Properties.Principal, 'apigateway.amazonaws.com');
    assert.match(show(permission?.Properties.SourceArn), new RegExp(logicalId(engine.api.rest!.api)));
  });
});
