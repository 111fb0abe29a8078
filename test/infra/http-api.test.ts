/** The HTTP API variant: one IAM-authorized route per route of api.md, throttling, access logs. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { REST_ROUTES } from '../../lib/api/rest-routes.ts';
import { logicalId, show, synthEngine } from './synth.ts';

const { template, engine } = synthEngine({ api: 'http' });

describe('HTTP API (api: "http")', () => {
  it('replaces the REST API', () => {
    assert.equal(engine.api.kind, 'http');
    template.resourceCountIs('AWS::ApiGateway::RestApi', 0);
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
  });

  it('has exactly one route per REST route of api.md, each with AWS_IAM authorization', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    assert.deepEqual(
      routes.map((route) => route.Properties.RouteKey).sort(),
      REST_ROUTES.map((route) => `${route.method} ${route.path}`).sort(),
    );
    for (const route of routes)
      assert.equal(route.Properties.AuthorizationType, 'AWS_IAM', route.Properties.RouteKey);
  });

  it('integrates with the api function in payload format 1.0 (the event the REST API sends)', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '1.0',
      IntegrationUri: { 'Fn::GetAtt': [logicalId(engine.functions.api.function), 'Arn'] },
    });
  });

  it('serves the $default stage with throttling and JSON access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [logicalId(engine.api.http!.accessLogs), 'Arn'] },
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
    });
    assert.match(show(engine.api.url), /execute-api/);
  });
});
