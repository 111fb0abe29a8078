/**
 * A `node:http` request as the API Gateway REST proxy event that a deployed API would send to the api
 * Lambda, and that Lambda's result written back, so that the local server runs the same handler.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

/** The stage name put in the events' request context. */
export const LOCAL_STAGE = 'local';

/** Single- and multi-value maps, as API Gateway fills them. */
function valueMaps(entries: Iterable<[string, string[]]>): {
  single: Record<string, string>;
  multi: Record<string, string[]>;
} {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, values] of entries) {
    const last = values.at(-1);
    if (last === undefined) continue;
    single[name] = last;
    multi[name] = [...values];
  }
  return { single, multi };
}

/** The query parameters of a URL as name → values. */
function queryEntries(search: URLSearchParams): [string, string[]][] {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of search) grouped.set(name, [...(grouped.get(name) ?? []), value]);
  return [...grouped];
}

/** The event of a request whose body (`undefined` when empty) has been read. */
export function toApiGatewayEvent(request: IncomingMessage, body: string | undefined): APIGatewayProxyEvent {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const method = (request.method ?? 'GET').toUpperCase();
  const headers = valueMaps(
    Object.entries(request.headersDistinct).filter(
      (entry): entry is [string, string[]] => entry[1] !== undefined,
    ),
  );
  const query = valueMaps(queryEntries(url.searchParams));
  const hasQuery = Object.keys(query.single).length > 0;
  const now = Date.now();
  const path = url.pathname;
  return {
    resource: '/{proxy+}',
    path,
    httpMethod: method,
    headers: headers.single,
    multiValueHeaders: headers.multi,
    queryStringParameters: hasQuery ? query.single : null,
    multiValueQueryStringParameters: hasQuery ? query.multi : null,
    pathParameters: { proxy: path.replace(/^\//, '') },
    stageVariables: null,
    body: body ?? null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: undefined,
      protocol: `HTTP/${request.httpVersion}`,
      httpMethod: method,
      path: `/${LOCAL_STAGE}${path}`,
      stage: LOCAL_STAGE,
      requestId: randomUUID(),
      requestTimeEpoch: now,
      resourceId: 'local',
      resourcePath: '/{proxy+}',
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        user: null,
        userAgent: request.headers['user-agent'] ?? null,
        userArn: null,
      },
    },
  };
}

/** Writes a Lambda proxy result as the HTTP response. */
export function writeApiGatewayResult(response: ServerResponse, result: APIGatewayProxyResult): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {}))
    headers[name] = values.map(String);
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body, 'utf8');
  headers['content-length'] = String(body.length);
  response.writeHead(result.statusCode, headers);
  response.end(body);
}
