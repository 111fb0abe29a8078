/**
 * `GET /` and `POST /`: the Alibaba Serverless Workflow RPC protocol, API version 2019-03-15 (api.md
 * "Alibaba Serverless Workflow API (compatibility)"). Each request: parameters (query ∪ body) → signature
 * check → `Action` → the operation (the same `Operations` as the REST API) → `{RequestId, ...}`; every
 * error `{RequestId, Code, Message}` with the original's HTTP status. Every action is accepted on both
 * methods (the official SDK sends reads as GET).
 */

import { MAX_WAIT_TIME_SECONDS } from '../../runtime/limits.ts';
import type { Operations } from '../../runtime/operations/index.ts';
import type { InternalErrorListener } from '../errors.ts';
import { type HttpRequest, type HttpResponse, jsonResponse } from '../http.ts';
import type { HttpRoute } from '../router.ts';
import { EXECUTION_ACTIONS } from './execution-actions.ts';
import { FLOW_ACTIONS } from './flow-actions.ts';
import { checkParams, type RpcAction, type RpcActionContext } from './rpc-action.ts';
import { RpcAuthenticator, type RpcAuthOptions } from './rpc-auth.ts';
import { RpcError, rpcErrorResponse } from './rpc-errors.ts';
import { readRpcParams } from './rpc-params.ts';

/** The API version the protocol speaks. */
export const RPC_API_VERSION = '2019-03-15';

/** Every supported action, by name. */
export const RPC_ACTIONS: Readonly<Record<string, RpcAction>> = { ...FLOW_ACTIONS, ...EXECUTION_ACTIONS };

/** Options of the RPC routes. */
export interface RpcOptions extends RpcAuthOptions {
  /** `false` answers every RPC request 403 `AccessDenied` (the API is turned off). Default `true`. */
  enabled?: boolean;
  /**
   * Longest DescribeExecution wait actually made, in seconds: `WaitTimeSeconds` up to 60 is accepted
   * and clamped to this (default the runtime's 20 s, below API Gateway's 29 s integration limit).
   */
  maxWaitTimeSeconds?: number;
  /** Told about unexpected errors (answered 500 `InternalServerError`). */
  onInternalError?: InternalErrorListener;
}

/** The action named by the request. */
function actionOf(name: string | undefined): RpcAction {
  if (name === undefined || name === '')
    throw new RpcError('MissingRequiredParams', `'Action' must be specified`);
  const action = Object.hasOwn(RPC_ACTIONS, name) ? RPC_ACTIONS[name] : undefined;
  if (action === undefined) {
    throw new RpcError('ActionNotSupported', `requested API operation '${name}' is incorrect`);
  }
  return action;
}

/** Settings resolved at the first request. */
interface Resolved {
  options: RpcOptions;
  auth: RpcAuthenticator;
  context: RpcActionContext;
}

/** The handler of both routes; `settings` is read at the first request (a failure is retried). */
function rpcHandler(
  getOperations: () => Operations | Promise<Operations>,
  settings: RpcOptions | (() => RpcOptions),
  onInternalError: InternalErrorListener | undefined,
): (request: HttpRequest) => Promise<HttpResponse> {
  let resolved: Resolved | undefined;
  const resolve = (): Resolved => {
    if (resolved !== undefined) return resolved;
    const options = typeof settings === 'function' ? settings() : settings;
    resolved = {
      options,
      auth: new RpcAuthenticator(options),
      context: { maxWaitTimeSeconds: options.maxWaitTimeSeconds ?? MAX_WAIT_TIME_SECONDS },
    };
    return resolved;
  };
  return async (request) => {
    try {
      const { options, auth, context } = resolve();
      if (options.enabled === false) throw new RpcError('AccessDenied', 'the RPC API is turned off');
      const params = readRpcParams(request);
      await auth.verify(request.method, params);
      if (params.Version !== undefined && params.Version !== RPC_API_VERSION) {
        throw new RpcError(
          'APIVersionNotSupported',
          `requested API version '${params.Version}' not supported; use ${RPC_API_VERSION}`,
        );
      }
      const action = actionOf(params.Action);
      checkParams(action, params);
      const answer = await action.call(await getOperations(), params, context);
      return jsonResponse(200, { RequestId: request.requestId, ...answer });
    } catch (error) {
      return rpcErrorResponse(error, request, resolved?.options.onInternalError ?? onInternalError);
    }
  };
}

/**
 * The two HTTP routes of the RPC protocol: `GET /` and `POST /`. `options` may be a function, called at
 * the first request (e.g. when they come from a Lambda's environment); `onInternalError` is used when
 * the options give none.
 */
export function rpcRoutes(
  getOperations: () => Operations | Promise<Operations>,
  options: RpcOptions | (() => RpcOptions) = {},
  onInternalError?: InternalErrorListener,
): HttpRoute[] {
  const handle = rpcHandler(getOperations, options, onInternalError);
  return [
    { method: 'GET', path: '/', handle },
    { method: 'POST', path: '/', handle },
  ];
}
