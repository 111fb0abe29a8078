/**
 * `FlowbackStack`: one `FlowEngine` and the stack outputs a user needs (the API URL, the table names
 * and the queue URLs). `bin/app.ts` builds it from the CDK context (`-c api=http`, …).
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { FlowEngine, type FlowEngineProps } from './flow-engine.ts';

/** Props of {@link FlowbackStack}: a stack's, and the engine's. */
export interface FlowbackStackProps extends StackProps {
  readonly engine?: FlowEngineProps;
  /** Name of an existing Secrets Manager secret with the RPC API's access keys (turns that API on). */
  readonly rpcSecretName?: string;
}

/** The deployable stack of the engine. */
export class FlowbackStack extends Stack {
  readonly engine: FlowEngine;

  constructor(scope: Construct, id: string, props: FlowbackStackProps = {}) {
    super(scope, id, {
      description: 'Flowback: a serverless workflow engine for Alibaba Serverless Workflow (FDL) flows',
      ...props,
    });
    const rpcAccessKeySecret =
      props.rpcSecretName === undefined
        ? undefined
        : secretsmanager.Secret.fromSecretNameV2(this, 'RpcAccessKeys', props.rpcSecretName);
    this.engine = new FlowEngine(this, 'Engine', {
      ...props.engine,
      ...(rpcAccessKeySecret !== undefined ? { rpcAccessKeySecret } : {}),
    });
    const outputs: Record<string, { value: string; description: string }> = {
      ApiUrl: { value: this.engine.apiUrl, description: 'Base URL of the API (SigV4, service execute-api)' },
      ApiKind: { value: this.engine.api.kind, description: 'rest, http or url' },
      ExecutionsTable: { value: this.engine.tables.names.executions, description: 'Executions table' },
      TokensTable: { value: this.engine.tables.names.tokens, description: 'Task tokens table' },
      FlowsTable: { value: this.engine.tables.names.flows, description: 'Flows table' },
      WorkQueueUrl: { value: this.engine.queues.work.queueUrl, description: 'Engine work queue' },
      TimerQueueUrl: { value: this.engine.queues.timers.queueUrl, description: 'Timer queue' },
      WorkDeadLetterQueueUrl: { value: this.engine.queues.workDeadLetters.queueUrl, description: 'Work DLQ' },
      TimerDeadLetterQueueUrl: {
        value: this.engine.queues.timerDeadLetters.queueUrl,
        description: 'Timer DLQ',
      },
      DashboardName: {
        value: this.engine.monitoring.dashboard.dashboardName,
        description: 'CloudWatch dashboard',
      },
    };
    for (const [id, output] of Object.entries(outputs)) new CfnOutput(this, id, output);
  }
}
