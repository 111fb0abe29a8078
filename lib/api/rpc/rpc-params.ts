/**
 * The parameters of an RPC request: the query string and the body merged (fnf-reference.md §9.1: newer
 * SDKs put `TaskToken` in the query of a POST whose form body carries `Output`). The body may be
 * `application/x-www-form-urlencoded` (what the SDKs send), or a JSON object (a convenience: its
 * values are taken as text, objects and arrays as their JSON). A body parameter wins over a query
 * parameter of the same name.
 */

import type { HttpRequest } from '../http.ts';
import { MAX_REQUEST_BODY_BYTES } from '../request-input.ts';
import { RpcError } from './rpc-errors.ts';

/** Parameters by name, as text. */
export type RpcParams = Record<string, string>;

/** The parameters of a form body (`+` and `%20` are both a space, as in any form decoding). */
function formParams(text: string): RpcParams {
  const params: RpcParams = {};
  for (const [name, value] of new URLSearchParams(text)) params[name] = value;
  return params;
}

/** The parameters of a JSON object body. */
function jsonParams(text: string): RpcParams {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new RpcError('InvalidArgument', `request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new RpcError('InvalidArgument', 'a JSON request body must be an object of parameters');
  }
  const params: RpcParams = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (value === null || value === undefined) continue;
    params[name] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return params;
}

/** The parameters of the body, by its content type (form when none is given). */
function bodyParams(request: HttpRequest): RpcParams {
  const text = request.body ?? '';
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_REQUEST_BODY_BYTES) {
    throw new RpcError(
      'EntityTooLarge',
      `payload size exceeds maximum allowed size (${MAX_REQUEST_BODY_BYTES} bytes); got ${bytes} bytes`,
    );
  }
  if (text.trim() === '') return {};
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || type.endsWith('+json')) return jsonParams(text);
  if (type === '' || type === 'application/x-www-form-urlencoded') return formParams(text);
  throw new RpcError(
    'UnsupportedMediaType',
    `content type must be "application/x-www-form-urlencoded" or "application/json" (got "${type}")`,
  );
}

/** The request's parameters: query ∪ body. */
export function readRpcParams(request: HttpRequest): RpcParams {
  return { ...request.query, ...bodyParams(request) };
}
