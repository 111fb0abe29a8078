#!/usr/bin/env node
/**
 * CDK entry (`npx cdk synth`, `npx cdk deploy`): the Flowback stack, configured by the CDK context
 * (see docs/deploy.md), checked by cdk-nag's AWS Solutions rules — a finding without an
 * acknowledgement fails the synth.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { FlowbackStack } from '../lib/infra/flowback-stack.ts';
import { readStackContext } from '../lib/infra/stack-context.ts';

const app = new App();
const context = readStackContext(app.node);
new FlowbackStack(app, context.stackName, {
  engine: context.engine,
  ...(context.rpcSecretName !== undefined ? { rpcSecretName: context.rpcSecretName } : {}),
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
