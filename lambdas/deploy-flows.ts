/**
 * The `deploy-flows` Lambda: the custom resource that deploys the stack's flows
 * (lib/handlers/deploy-flows-handler.ts) through the operations of the AWS composition root.
 */
import { createDeployFlowsHandler, type DeployFlowsHandler } from '../lib/handlers/deploy-flows-handler.ts';
import { awsComposition } from './composition.ts';

/** The Lambda entry point. */
export const handler: DeployFlowsHandler = createDeployFlowsHandler(() => awsComposition().operations);
