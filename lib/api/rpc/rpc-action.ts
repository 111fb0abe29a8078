/** What an RPC action is: its name, its required parameters and the operation call that answers it. */

import { isOperationError } from '../../runtime/errors.ts';
import type { Operations } from '../../runtime/operations/index.ts';
import { RpcError } from './rpc-errors.ts';
import type { RpcParams } from './rpc-params.ts';

/** Settings the actions read. */
export interface RpcActionContext {
  /** Longest DescribeExecution wait actually made, in seconds (longer requested waits are clamped). */
  maxWaitTimeSeconds: number;
}

/** One action of the RPC API. */
export interface RpcAction {
  /** The parameters that must be present and non-empty (`MissingRequiredParams` otherwise). */
  required: readonly string[];
  /** Parameters of the original that Flowback does not support: given non-empty, they are refused. */
  unsupported?: readonly string[];
  /** Calls the operation and shapes its answer (`RequestId` is added by the caller). */
  call(operations: Operations, params: RpcParams, context: RpcActionContext): Promise<object>;
}

/** A parameter, `undefined` when absent or empty (the original treats both as not given). */
export function param(params: RpcParams, name: string): string | undefined {
  const value = params[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Refuses a `Type` other than `FDL`. */
export function checkFlowType(params: RpcParams): void {
  const type = param(params, 'Type');
  if (type !== undefined && type !== 'FDL') {
    throw new RpcError('InvalidArgument', `Type '${type}' is not supported; the only type is FDL`);
  }
}

/** The definition text of a flow, `''` when the flow no longer exists. */
export async function definitionOf(operations: Operations, flowName: string): Promise<string> {
  try {
    return (await operations.describeFlow({ name: flowName })).definition;
  } catch (error) {
    if (isOperationError(error, 'FlowNotExists', 'InvalidArgument')) return '';
    throw error;
  }
}

/** Checks the presence of the required parameters and the absence of unsupported ones. */
export function checkParams(action: RpcAction, params: RpcParams): void {
  const missing = action.required.filter((name) => param(params, name) === undefined);
  if (missing.length > 0) {
    throw new RpcError(
      'MissingRequiredParams',
      `${missing.map((name) => `'${name}'`).join(', ')} must be specified`,
    );
  }
  const given = (action.unsupported ?? []).filter((name) => param(params, name) !== undefined);
  if (given.length > 0) {
    throw new RpcError('InvalidArgument', `${given.join(', ')}: not supported by Flowback`);
  }
}
