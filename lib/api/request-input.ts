/**
 * Reading a REST request's JSON body and query. This is parsing only: the values are handed to the
 * operations as `unknown`, which check them. A body over 1 MiB is `EntityTooLarge`; a body that is not
 * JSON, not an object, or has a field the route does not know is `InvalidArgument`; so is an unknown
 * query parameter (a misspelt optional field would otherwise be ignored silently).
 */
import { isJsonObject } from '../fdl/index.ts';
import { didYouMean } from '../fdl/suggest.ts';
import { OperationError } from '../runtime/errors.ts';
import type { HttpRequest } from './http.ts';

/** Largest request body accepted, in bytes (api.md: 1 MiB). */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/** An `InvalidArgument` error. */
function invalid(message: string): OperationError {
  return new OperationError('InvalidArgument', message);
}

/** Refuses the names of `given` that are not in `allowed`. */
function checkNames(given: Iterable<string>, allowed: readonly string[], what: string): void {
  for (const name of given) {
    if (allowed.includes(name)) continue;
    const known = allowed.length === 0 ? 'none' : allowed.map((field) => `\`${field}\``).join(', ');
    throw invalid(`unknown ${what} \`${name}\`${didYouMean(name, allowed)}; accepted: ${known}`);
  }
}

/**
 * The request body as a JSON object with only `allowed` fields (an absent or blank body is `{}`).
 * @throws OperationError `EntityTooLarge` or `InvalidArgument`.
 */
export function readJsonBody(request: HttpRequest, allowed: readonly string[]): Record<string, unknown> {
  const text = request.body ?? '';
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_REQUEST_BODY_BYTES) {
    throw new OperationError(
      'EntityTooLarge',
      `request body is ${bytes} bytes; the limit is ${MAX_REQUEST_BODY_BYTES} bytes (1 MiB)`,
    );
  }
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw invalid(`request body is not valid JSON: ${reason}`);
  }
  if (!isJsonObject(parsed)) {
    const kind = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`;
    throw invalid(`request body must be a JSON object (got ${kind})`);
  }
  checkNames(Object.keys(parsed), allowed, 'body field');
  return parsed;
}

/**
 * The query parameters, refusing any not in `allowed`.
 * @throws OperationError `InvalidArgument`.
 */
export function readQuery(request: HttpRequest, allowed: readonly string[]): Record<string, string> {
  checkNames(Object.keys(request.query), allowed, 'query parameter');
  return request.query;
}
