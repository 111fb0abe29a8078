/**
 * Shared set-up of the template tests: a stack with a `FlowEngine`, synthesized WITHOUT bundling
 * (the `aws:cdk:bundling-stacks` context lists no stack: assets are staged unbundled, in milliseconds;
 * `npx cdk synth` in CI bundles for real), and helpers that read IAM policies and references.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { FlowEngine, type FlowEngineProps } from '../../lib/infra/flow-engine.ts';

/** The example flows folder (the seed flow). */
export const EXAMPLE_FLOWS = join(import.meta.dirname, '../../examples/flows');

/** An app that does not bundle (fast), writing to a temporary folder. */
export function testApp(): App {
  return new App({
    context: { 'aws:cdk:bundling-stacks': [] },
    outdir: mkdtempSync(join(tmpdir(), 'flowback-cdk-')),
  });
}

/** A synthesized engine. */
export interface SynthesizedEngine {
  app: App;
  stack: Stack;
  engine: FlowEngine;
  template: Template;
}

/** A stack holding one engine; `extras` may add resources (callable functions…) to the stack first. */
export function synthEngine(
  props: FlowEngineProps = {},
  extras: (stack: Stack) => Partial<FlowEngineProps> = () => ({}),
): SynthesizedEngine {
  const app = testApp();
  const stack = new Stack(app, 'Test', { env: { account: '123456789012', region: 'eu-west-1' } });
  const engine = new FlowEngine(stack, 'Engine', { ...props, ...extras(stack) });
  return { app, stack, engine, template: Template.fromStack(stack) };
}

/** The logical id of a construct's CloudFormation resource (its default child, or itself). */
export function logicalId(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(element);
}

/** A CloudFormation value as a readable string: `Ref:X`, `X.Arn`, joins concatenated. */
export function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(show).join(',');
  if (typeof value === 'object' && value !== null) {
    const object = value as Record<string, unknown>;
    if ('Ref' in object) return `Ref:${String(object.Ref)}`;
    if ('Fn::GetAtt' in object) return (object['Fn::GetAtt'] as string[]).join('.');
    if ('Fn::Join' in object) {
      const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
      return parts.map(show).join(separator);
    }
  }
  return JSON.stringify(value);
}

/** Statement shape of a policy document. */
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/**
 * Every permission of a role's inline policies, as sorted `action resource` lines (one per pair), so
 * that a test compares the exact set: nothing more, nothing less.
 */
export function permissionsOf(template: Template, roleLogicalId: string): string[] {
  const lines: string[] = [];
  const policies = template.findResources('AWS::IAM::Policy');
  for (const policy of Object.values(policies)) {
    const roles = (policy.Properties.Roles as unknown[]).map(show);
    if (!roles.includes(`Ref:${roleLogicalId}`)) continue;
    for (const statement of policy.Properties.PolicyDocument.Statement as Statement[]) {
      const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
      const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      for (const action of actions) {
        for (const resource of resources) lines.push(`${statement.Effect} ${action} ${show(resource)}`);
      }
    }
  }
  return [...new Set(lines)].sort();
}

/** `actions` on each of `resources`, allowed, as {@link permissionsOf} lines. */
export function allow(actions: readonly string[], resources: readonly string[]): string[] {
  return actions.flatMap((action) => resources.map((resource) => `Allow ${action} ${resource}`));
}
