/**
 * Transport-neutral HTTP types: the API layer answers an `HttpRequest` with an `HttpResponse`, whatever
 * carried it (API Gateway on AWS, `node:http` locally, a plain object in tests).
 */

/** An HTTP request, decoded from its transport. */
export interface HttpRequest {
  /** Upper-case method (`GET`, `POST`…). */
  method: string;
  /** The path, without the query string and the API Gateway stage (`/flows/f1`). */
  path: string;
  /** Query parameters (the last value of a repeated one). */
  query: Record<string, string>;
  /** Headers, with lower-case names. */
  headers: Record<string, string>;
  /** The body as text (absent when the request has none). */
  body?: string;
  /** The id that answers (errors included) carry, for tracing. */
  requestId: string;
}

/** An HTTP response. */
export interface HttpResponse {
  status: number;
  /** Headers, with lower-case names. */
  headers: Record<string, string>;
  body: string;
}

/** Answers HTTP requests. */
export type HttpHandler = (request: HttpRequest) => Promise<HttpResponse>;

/** The content type of every answer. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** A JSON response with `status`. */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponse {
  return { status, headers: { 'content-type': JSON_CONTENT_TYPE, ...headers }, body: JSON.stringify(body) };
}
