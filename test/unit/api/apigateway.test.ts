import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { fromApiGatewayEvent, toApiGatewayResult } from '../../../lib/api/apigateway.ts';

/** A REST API proxy event with only what the conversion reads, plus `overrides`. */
function event(overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return {
    resource: '/flows',
    path: '/flows',
    httpMethod: 'GET',
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: { requestId: 'gw-1' } as APIGatewayProxyEvent['requestContext'],
    ...overrides,
  };
}

describe('API Gateway events → HttpRequest', () => {
  it('takes the method, path, request id; a missing query and body become {} and absent', () => {
    const request = fromApiGatewayEvent(event({ httpMethod: 'get' }));
    assert.deepEqual(request, { method: 'GET', path: '/flows', query: {}, headers: {}, requestId: 'gw-1' });
  });

  it('lower-cases header names and keeps the last value of repeated headers and parameters', () => {
    const request = fromApiGatewayEvent(
      event({
        headers: { 'Content-Type': 'application/json', 'X-Amz-Date': '20240101T000000Z' },
        multiValueHeaders: { 'X-Multi': ['a', 'b'] },
        queryStringParameters: { limit: '5' },
        multiValueQueryStringParameters: { limit: ['5'], status: ['Running', 'Failed'] },
      }),
    );
    assert.deepEqual(request.headers, {
      'content-type': 'application/json',
      'x-amz-date': '20240101T000000Z',
      'x-multi': 'b',
    });
    assert.deepEqual(request.query, { limit: '5', status: 'Failed' });
  });

  it('decodes base64 bodies and passes text bodies as they are', () => {
    const text = '{"name":"f1","description":"héllo"}';
    const encoded = Buffer.from(text, 'utf8').toString('base64');
    assert.equal(fromApiGatewayEvent(event({ body: encoded, isBase64Encoded: true })).body, text);
    assert.equal(fromApiGatewayEvent(event({ body: text })).body, text);
    assert.equal(fromApiGatewayEvent(event({ body: '' })).body, '');
  });

  it('fills the route template with the path parameters (no stage or base path in the way)', () => {
    const request = fromApiGatewayEvent(
      event({
        resource: '/flows/{flow}/executions/{name}',
        path: '/v1/flows/f1/executions/e-1',
        pathParameters: { flow: 'f1', name: 'e-1' },
      }),
    );
    assert.equal(request.path, '/flows/f1/executions/e-1');
  });

  it('uses the path for a catch-all proxy resource or when a parameter is missing', () => {
    const proxied = event({
      resource: '/{proxy+}',
      path: '/flows/f1',
      pathParameters: { proxy: 'flows/f1' },
    });
    assert.equal(fromApiGatewayEvent(proxied).path, '/flows/f1');
    const partial = event({ resource: '/flows/{flow}', path: '/flows/f2', pathParameters: null });
    assert.equal(fromApiGatewayEvent(partial).path, '/flows/f2');
  });

  it('tolerates null headers and a missing request context (a request id is made up)', () => {
    const bare = event({ headers: null as unknown as APIGatewayProxyEvent['headers'] });
    (bare as { requestContext?: unknown }).requestContext = undefined;
    const request = fromApiGatewayEvent(bare);
    assert.deepEqual(request.headers, {});
    assert.match(request.requestId, /^[0-9a-f-]{36}$/);
  });
});

describe('HttpResponse → API Gateway result', () => {
  it('copies status, headers and body, adds x-request-id, and is not base64', () => {
    const result = toApiGatewayResult(
      { status: 201, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{}' },
      'gw-1',
    );
    assert.deepEqual(result, {
      statusCode: 201,
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'gw-1' },
      body: '{}',
      isBase64Encoded: false,
    });
  });
});
