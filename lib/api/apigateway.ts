/**
 * API Gateway (REST API, Lambda proxy integration) ↔ the transport-neutral HTTP types. Handles absent
 * query strings and headers, header-name case, base64 bodies, and the route template (`resource`) that
 * each method of the deployed API carries.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { HttpRequest, HttpResponse } from './http.ts';

/** A name → value map as API Gateway gives it (values may be absent; the map itself may be null). */
type Values = Record<string, string | undefined> | null | undefined;

/** A name → values map as API Gateway gives it. */
type MultiValues = Record<string, string[] | undefined> | null | undefined;

/** Merges the single- and multi-value maps (the last value wins), with names as `name` maps them. */
function merge(single: Values, multi: MultiValues, name: (key: string) => string): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [key, values] of Object.entries(multi ?? {})) {
    const last = values?.at(-1);
    if (last !== undefined) merged[name(key)] = last;
  }
  for (const [key, value] of Object.entries(single ?? {})) {
    if (value !== undefined) merged[name(key)] = value;
  }
  return merged;
}

/**
 * The request path. Each route of the deployed API is its own method, so `resource` is the route's
 * template (`/flows/{flow}`): filled in with the path parameters it gives the path without any stage or
 * custom-domain base path. Without a usable template (absent, a `{proxy+}` catch-all, a parameter
 * missing) it is `event.path`.
 */
function requestPath(event: APIGatewayProxyEvent): string {
  const template = event.resource as string | undefined;
  const params = (event.pathParameters ?? {}) as Values;
  if (template === undefined || template === '' || template.includes('+')) return event.path;
  let complete = true;
  const filled = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) complete = false;
    return encodeURIComponent(value ?? '');
  });
  return complete ? filled : event.path;
}

/** A Lambda event's body as text: base64 bodies are decoded, an absent body stays absent. */
export function bodyText(
  body: string | null | undefined,
  isBase64Encoded: boolean | undefined,
): string | undefined {
  if (body === null || body === undefined) return undefined;
  return isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
}

/** The request id the gateway or Lambda gave, or a fresh one when it gave none. */
export function requestIdOr(given: string | undefined): string {
  return given !== undefined && given !== '' ? given : randomUUID();
}

/** An API Gateway proxy event as an `HttpRequest`. */
export function fromApiGatewayEvent(event: APIGatewayProxyEvent): HttpRequest {
  const body = bodyText(event.body as string | null | undefined, event.isBase64Encoded);
  const requestId = (event.requestContext as { requestId?: string } | undefined)?.requestId;
  return {
    method: event.httpMethod.toUpperCase(),
    path: requestPath(event),
    query: merge(event.queryStringParameters, event.multiValueQueryStringParameters, (key) => key),
    headers: merge(event.headers, event.multiValueHeaders, (key) => key.toLowerCase()),
    ...(body !== undefined ? { body } : {}),
    requestId: requestIdOr(requestId),
  };
}

/** An `HttpResponse` as an API Gateway proxy result (with the request id in `x-request-id`). */
export function toApiGatewayResult(response: HttpResponse, requestId?: string): APIGatewayProxyResult {
  return {
    statusCode: response.status,
    headers: { ...response.headers, ...(requestId !== undefined ? { 'x-request-id': requestId } : {}) },
    body: response.body,
    isBase64Encoded: false,
  };
}
