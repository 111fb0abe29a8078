/**
 * The HTTP API: api.md's REST routes over the `Operations`, and on `GET /` and `POST /` the Alibaba RPC
 * protocol over the same operations (./rpc), behind one router.
 */
import type { Operations } from '../runtime/operations/index.ts';
import { type ApprovalOptions, callbackRoutes } from './callback-routes.ts';
import type { InternalErrorListener } from './errors.ts';
import { type HttpHandler, type HttpRequest, jsonResponse } from './http.ts';
import { readJsonBody, readQuery } from './request-input.ts';
import { REST_ROUTES, type RestRoute } from './rest-routes.ts';
import { createRouter, type HttpRoute } from './router.ts';
import { type RpcOptions, rpcRoutes } from './rpc/rpc-routes.ts';

/** Gives the operations to serve a request with (built lazily, e.g. once per Lambda cold start). */
export type OperationsProvider = () => Operations | Promise<Operations>;

/** Options of `createHttpApi`. */
export interface HttpApiOptions {
  /** Told about unexpected errors (answered 500 `InternalServerError`), for logs. */
  onInternalError?: InternalErrorListener;
  /**
   * The RPC protocol's settings (access keys, nonces…), or a function giving them at the first request;
   * default: on, accepting unsigned requests.
   */
  rpc?: RpcOptions | (() => RpcOptions);
  /** Serve the approval links' routes (`/callbacks/…`) with this signer; absent: no such routes. */
  approvals?: ApprovalOptions;
}

/** A REST route of api.md as an `HttpRoute`: read the query and body, call the operation, answer JSON. */
function restRoute(route: RestRoute, getOperations: OperationsProvider): HttpRoute {
  return {
    method: route.method,
    path: route.path,
    handle: async (request: HttpRequest, params) => {
      const query = readQuery(request, route.query ?? []);
      const body = route.body === undefined ? {} : readJsonBody(request, route.body);
      const answer = await route.call(await getOperations(), { params, query, body });
      return jsonResponse(answer.status, answer.body);
    },
  };
}

/** The HTTP routes of the REST API (api.md "REST API"). */
export function restRoutes(getOperations: OperationsProvider): HttpRoute[] {
  return REST_ROUTES.map((route) => restRoute(route, getOperations));
}

/**
 * The whole HTTP API over `operations` (or a provider of them): every route of api.md; unknown paths
 * answer 404 `NotFound`, other methods 405 `MethodNotAllowed`, errors `{code, message, requestId}`.
 */
export function createHttpApi(
  operations: Operations | OperationsProvider,
  options: HttpApiOptions = {},
): HttpHandler {
  const getOperations: OperationsProvider = typeof operations === 'function' ? operations : () => operations;
  return createRouter(
    [
      ...restRoutes(getOperations),
      ...rpcRoutes(getOperations, options.rpc ?? {}, options.onInternalError),
      ...(options.approvals !== undefined ? callbackRoutes(getOperations, options.approvals) : []),
    ],
    options.onInternalError !== undefined ? { onInternalError: options.onInternalError } : {},
  );
}
