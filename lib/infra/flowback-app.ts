/**
 * The app of `npx cdk deploy` (bin/app.ts): the Flowback stack as the CDK context configures it
 * (docs/deploy.md), with cdk-nag's AWS Solutions checks — a finding without an acknowledgement fails
 * the synth. Tests build the same app, so that the README's deploy path is the one they exercise.
 */
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { FlowbackStack } from './flowback-stack.ts';
import { readStackContext } from './stack-context.ts';

/**
 * Adds the stack configured by `app`'s context, and the cdk-nag checks, to `app`.
 * @example
 * const app = new App();
 * addFlowbackStack(app);
 * app.synth();
 */
export function addFlowbackStack(app: App): FlowbackStack {
  const context = readStackContext(app.node);
  const stack = new FlowbackStack(app, context.stackName, {
    engine: context.engine,
    ...(context.rpcSecretName !== undefined ? { rpcSecretName: context.rpcSecretName } : {}),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}
