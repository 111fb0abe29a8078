/** The Alibaba Serverless Workflow RPC protocol (API version 2019-03-15) over the operations. */
export { EXECUTION_ACTIONS, RPC_MAX_WAIT_TIME_SECONDS } from './execution-actions.ts';
export { FLOW_ACTIONS } from './flow-actions.ts';
export type { RpcAction, RpcActionContext } from './rpc-action.ts';
export {
  type AccessKeys,
  type AccessKeysProvider,
  DEFAULT_MAX_SKEW_MS,
  parseTimestamp,
  RpcAuthenticator,
  type RpcAuthOptions,
} from './rpc-auth.ts';
export { type ProtocolErrorCode, RpcError, type RpcErrorBody, rpcErrorResponse } from './rpc-errors.ts';
export { type RpcParams, readRpcParams } from './rpc-params.ts';
export { RPC_ACTIONS, RPC_API_VERSION, type RpcOptions, rpcRoutes } from './rpc-routes.ts';
export {
  type RpcEvent,
  type RpcExecution,
  type RpcFlow,
  rpcEvent,
  rpcExecution,
  rpcFlow,
} from './rpc-views.ts';
export {
  canonicalQuery,
  computeSignature,
  percentEncode,
  signatureMatches,
  stringToSign,
} from './signature.ts';
