/**
 * Lambda function URL events (payload format 2.0) → the transport-neutral HTTP request, for the
 * `-c api=url` front door: no API Gateway in front, the function URL's IAM auth instead. Its answer
 * is the same proxy result an API Gateway integration takes.
 */
import type { APIGatewayProxyEvent, LambdaFunctionURLEvent } from 'aws-lambda';
import { bodyText, requestIdOr } from './apigateway.ts';
import type { HttpRequest } from './http.ts';

/** True for a function URL (payload 2.0) event, false for an API Gateway proxy (1.0) one. */
export function isFunctionUrlEvent(
  event: APIGatewayProxyEvent | LambdaFunctionURLEvent,
): event is LambdaFunctionURLEvent {
  return (event as { version?: unknown }).version === '2.0' && 'rawPath' in event;
}

/** A function URL event as an `HttpRequest`: header names lower-cased, base64 bodies decoded. */
export function fromFunctionUrlEvent(event: LambdaFunctionURLEvent): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {}))
    if (value !== undefined) headers[name.toLowerCase()] = value;
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(event.rawQueryString ?? '')) query[name] = value;
  const body = bodyText(event.body, event.isBase64Encoded);
  return {
    method: event.requestContext.http.method.toUpperCase(),
    path: event.rawPath,
    query,
    headers,
    ...(body !== undefined ? { body } : {}),
    requestId: requestIdOr(event.requestContext?.requestId),
  };
}
