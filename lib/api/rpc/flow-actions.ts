/** The flow actions of the RPC API: CreateFlow, UpdateFlow, DescribeFlow, ListFlows, DeleteFlow. */

import { checkFlowType, param, type RpcAction } from './rpc-action.ts';
import { RpcError } from './rpc-errors.ts';
import { rpcFlow } from './rpc-views.ts';

/** The flow actions by name. */
export const FLOW_ACTIONS: Readonly<Record<string, RpcAction>> = {
  CreateFlow: {
    // The original also requires Description and Type; Flowback defaults them ('' and FDL).
    required: ['Name', 'Definition'],
    // RoleArn and ExternalStorageLocation are accepted and ignored (no role: the stack's own is used).
    call: async (ops, params) => {
      checkFlowType(params);
      const mode = param(params, 'ExecutionMode');
      if (mode !== undefined && mode !== 'Standard') {
        throw new RpcError('InvalidArgument', `ExecutionMode '${mode}' is not supported; only Standard`);
      }
      const flow = await ops.createFlow({
        name: params.Name,
        definition: params.Definition,
        description: params.Description ?? '',
      });
      return rpcFlow(flow);
    },
  },
  UpdateFlow: {
    required: ['Name'],
    call: async (ops, params) => {
      checkFlowType(params);
      const flow = await ops.updateFlow({
        name: params.Name,
        definition: param(params, 'Definition'),
        description: params.Description,
      });
      return rpcFlow(flow);
    },
  },
  DescribeFlow: {
    required: ['Name'],
    call: async (ops, params) => rpcFlow(await ops.describeFlow({ name: params.Name })),
  },
  ListFlows: {
    required: [],
    call: async (ops, params) => {
      const page = await ops.listFlows({
        limit: param(params, 'Limit'),
        nextToken: param(params, 'NextToken'),
      });
      return {
        Flows: page.flows.map(rpcFlow),
        ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}),
      };
    },
  },
  DeleteFlow: {
    required: ['Name'],
    call: async (ops, params) => {
      await ops.deleteFlow({ name: params.Name });
      return {};
    },
  },
};
