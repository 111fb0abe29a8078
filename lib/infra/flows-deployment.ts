/**
 * Flows as code: the flow files of a folder, checked at synth time, and deployed at every stack
 * create/update by a custom resource backed by the `deploy-flows` function (lambdas/deploy-flows.ts),
 * which checks them again and creates or updates each through the flow operations. The definitions
 * travel in the resource's properties, so a changed file changes the resource and redeploys.
 */
import { CustomResource } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { functionAccess } from '../adapters/aws/function-access.ts';
import { DEFAULT_TIMEOUTS, EngineFunction } from './engine-function.ts';
import type { FlowFile } from './flow-files.ts';
import { accessStatements, grantAll } from './grants.ts';

/** The custom resource's type (shown by CloudFormation). */
export const FLOWS_RESOURCE_TYPE = 'Custom::FlowbackFlows';

/** Props of {@link FlowsDeployment}. */
export interface FlowsDeploymentProps {
  /** The flow files (read and checked by `readFlowFiles`). */
  readonly flows: readonly FlowFile[];
  /** The ARN of the flows table (the only table the function touches). */
  readonly flowsTableArn: string;
  /** The engine's Lambda environment (tables and queues of the composition root). */
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: logs.RetentionDays;
}

/** The flows of a folder, deployed with the stack. */
export class FlowsDeployment extends Construct {
  /** The flows deployed (name and definition), in file-name order. */
  readonly flows: readonly FlowFile[];
  readonly handler: EngineFunction;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: FlowsDeploymentProps) {
    super(scope, id);
    this.flows = props.flows;
    this.handler = new EngineFunction(this, 'DeployFlows', {
      entry: 'deploy-flows.ts',
      description: 'Flowback: deploys the flows of the stack (custom resource)',
      timeout: DEFAULT_TIMEOUTS.deployFlows,
      memorySize: 512,
      environment: props.environment,
      logRetention: props.logRetention,
    });
    grantAll(
      this.handler.role,
      accessStatements(functionAccess('deployFlows'), { data: { flows: props.flowsTableArn }, queues: {} }),
    );
    this.resource = new CustomResource(this, 'Flows', {
      serviceToken: this.handler.function.functionArn,
      resourceType: FLOWS_RESOURCE_TYPE,
      properties: { Flows: this.flows.map((flow) => ({ name: flow.name, definition: flow.definition })) },
    });
  }
}
