/**
 * A small router over `HttpRequest`s: routes are `{method, path, handle}` with `{param}` segments, exactly
 * as api.md writes them. An unknown path answers 404 `NotFound`, a known path with another method 405
 * `MethodNotAllowed` (with an `allow` header). What a route throws is answered as api.md's errors
 * (`{code, message, requestId}` with the code's status).
 */
import {
  errorResponse,
  type InternalErrorListener,
  methodNotAllowedResponse,
  notFoundResponse,
} from './errors.ts';
import type { HttpHandler, HttpRequest, HttpResponse } from './http.ts';

/** Path parameters by name (percent-decoded). */
export type PathParams = Record<string, string>;

/** One route: a method, a path pattern (`/flows/{flow}`) and its handler. */
export interface HttpRoute {
  method: string;
  path: string;
  handle(request: HttpRequest, params: PathParams): Promise<HttpResponse>;
}

/** Options of `createRouter`. */
export interface RouterOptions {
  /** Told about unexpected errors (not `OperationError`s) that a route threw; the answer is then a 500. */
  onInternalError?: InternalErrorListener;
}

/** The segments of a path: `/flows/f1/` → `['flows', 'f1']`; `/` → `[]`. */
function segments(path: string): string[] {
  const trimmed = path.replace(/^\/+/, '').replace(/\/$/, '');
  return trimmed === '' ? [] : trimmed.split('/');
}

/** Percent-decodes a segment; a malformed one is kept as it is (name checks then refuse it). */
function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The parameters of `path` if it matches `pattern`, else `undefined`. */
function match(pattern: readonly string[], path: readonly string[]): PathParams | undefined {
  if (pattern.length !== path.length) return undefined;
  const params: PathParams = {};
  for (const [index, part] of pattern.entries()) {
    const actual = path[index] ?? '';
    if (part.startsWith('{') && part.endsWith('}')) {
      if (actual === '') return undefined;
      params[part.slice(1, -1)] = decode(actual);
    } else if (part !== actual) {
      return undefined;
    }
  }
  return params;
}

/**
 * How specific a pattern is, segment by segment (a literal segment beats a parameter), as API Gateway
 * picks `/tasks/succeeded` over `/tasks/{taskId}`: the most specific matching path wins, and only its
 * methods are allowed.
 */
function specificity(pattern: readonly string[]): string {
  return pattern.map((part) => (part.startsWith('{') ? '0' : '1')).join('');
}

/** A handler that dispatches each request to the route of its method and path. */
export function createRouter(routes: readonly HttpRoute[], options: RouterOptions = {}): HttpHandler {
  const compiled = routes.map((route) => {
    const pattern = segments(route.path);
    return { route, pattern, path: pattern.join('/'), rank: specificity(pattern) };
  });
  return async (request) => {
    const path = segments(request.path);
    const matching = compiled.flatMap((entry) => {
      const params = match(entry.pattern, path);
      return params === undefined ? [] : [{ ...entry, params }];
    });
    const best = matching.reduce<string | undefined>(
      (top, entry) => (top === undefined || entry.rank > top ? entry.rank : top),
      undefined,
    );
    const chosen = matching.filter((entry) => entry.rank === best);
    const allow: string[] = [];
    for (const { route, params } of chosen) {
      if (route.method === request.method.toUpperCase()) {
        try {
          return await route.handle(request, params);
        } catch (error) {
          return errorResponse(error, request, options.onInternalError);
        }
      }
      if (!allow.includes(route.method)) allow.push(route.method);
    }
    return allow.length === 0 ? notFoundResponse(request) : methodNotAllowedResponse(request, allow);
  };
}
