/**
 * The README's deploy path, `npx cdk deploy -c flowsDir=examples/flows -c functionsDir=examples/functions`,
 * built as bin/app.ts builds it (context, stack, cdk-nag): each function module becomes a Lambda named
 * by api.md's rule, the worker is granted exactly what the deployed flows name (functions, queues —
 * created with a dead-letter queue, or referenced), and its function map is bundled with its code.
 */
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { bundlingWithFiles } from '../../lib/infra/engine-function.ts';
import { addFlowbackStack } from '../../lib/infra/flowback-app.ts';
import type { FlowbackStack } from '../../lib/infra/flowback-stack.ts';
import { CONTEXT_OPTIONS } from '../../lib/infra/stack-context.ts';
import { EXAMPLE_FLOWS, logicalId, permissionsOf, show, synthEngine } from './synth.ts';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(import.meta.dirname, '../fixtures/deploy');

/** The app of `cdk deploy -c …` (no bundling: assets are staged as they are), synthesized with cdk-nag. */
function deployApp(context: Record<string, string>) {
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': [], ...context },
    outdir: mkdtempSync(join(tmpdir(), 'flowback-deploy-')),
  });
  const stack = addFlowbackStack(app);
  app.synth();
  return { stack, template: Template.fromStack(stack) };
}

/** The worker's permissions for `prefix` actions (`lambda:`, `sqs:GetQueueUrl`…). */
function workerLines(template: Template, stack: FlowbackStack, prefix: string): string[] {
  return permissionsOf(template, logicalId(stack.engine.functions.worker.role)).filter((line) =>
    line.startsWith(`Allow ${prefix}`),
  );
}

describe('cdk deploy -c flowsDir=examples/flows -c functionsDir=examples/functions', () => {
  const { stack, template } = deployApp({
    flowsDir: join(ROOT, 'examples/flows'),
    functionsDir: join(ROOT, 'examples/functions'),
  });
  const echo = stack.engine.targets.built['fnf-demo/echo'];
  const mailer = stack.engine.targets.built['approval/send-email'];

  it('builds examples/functions/fnf-demo/echo.js as the Lambda function fnf-demo-echo (api.md rule)', () => {
    assert.ok(echo, 'built');
    const properties = template.findResources('AWS::Lambda::Function')[logicalId(echo.function)]?.Properties;
    assert.equal(properties.FunctionName, 'fnf-demo-echo');
    assert.equal(properties.Runtime, 'nodejs22.x');
    assert.equal(properties.Handler, 'index.handler');
  });

  it('grants the worker lambda:InvokeFunction on exactly the functions of the examples, and no task queue', () => {
    assert.deepEqual(workerLines(template, stack, 'lambda:'), [
      `Allow lambda:InvokeFunction ${logicalId(mailer!.function)}.Arn`,
      `Allow lambda:InvokeFunction ${logicalId(echo!.function)}.Arn`,
    ]);
    assert.deepEqual(stack.engine.targets.sendArns, []);
  });

  it('bundles the function map with the worker (nothing in its environment)', () => {
    assert.deepEqual(stack.engine.targets.functionMap, {
      'approval/send-email': 'approval-send-email',
      'fnf-demo/echo': 'fnf-demo-echo',
    });
    const worker =
      template.findResources('AWS::Lambda::Function')[logicalId(stack.engine.functions.worker.function)];
    const variables = worker?.Properties.Environment.Variables;
    assert.equal(variables.FLOWBACK_FUNCTION_MAP_FILE, 'function-map.json');
    assert.equal(variables.FLOWBACK_FUNCTION_MAP, undefined);
  });

  it('a stage prefixes the built functions, so that stages never clash', () => {
    const staged = deployApp({
      stage: 'dev',
      flowsDir: EXAMPLE_FLOWS,
      functionsDir: join(ROOT, 'examples/functions'),
    });
    assert.equal(staged.stack.stackName, 'Flowback-dev');
    assert.deepEqual(staged.stack.engine.targets.functionMap, {
      'approval/send-email': 'dev-approval-send-email',
      'fnf-demo/echo': 'dev-fnf-demo-echo',
    });
  });
});

describe('grants from the deployed flows (every kind of resource)', () => {
  const { stack, template } = deployApp({
    flowsDir: join(FIXTURES, 'flows'),
    functionsDir: join(FIXTURES, 'functions'),
    existingQueues: 'shared',
    existingFunctions: 'tools/lint, arn:aws:lambda:eu-west-1:123456789012:function:other:live',
  });
  const targets = stack.engine.targets;
  const arn = (service: string, resource: string) =>
    `arn:Ref:AWS::Partition:${service}:Ref:AWS::Region:Ref:AWS::AccountId:${resource}`;

  it('invoke: the built modules, the rule name of unbuilt acs:fc functions (with qualifier), Lambda ARNs as named', () => {
    assert.deepEqual(
      workerLines(template, stack, 'lambda:'),
      [
        `${logicalId(targets.built['billing/charge']!.function)}.Arn`,
        `${logicalId(targets.built.notify!.function)}.Arn`,
        arn('lambda', 'function:legacy-report:prod'),
        'arn:aws:lambda:eu-west-1:123456789012:function:resize',
        arn('lambda', 'function:tools-lint'),
        'arn:aws:lambda:eu-west-1:123456789012:function:other:live',
      ]
        .map((resource) => `Allow lambda:InvokeFunction ${resource}`)
        .sort(),
    );
  });

  it('queues: an acs:mns queue is created (with its DLQ), SQS ARNs and existingQueues are referenced', () => {
    const jobs = targets.createdQueues.jobs;
    assert.ok(jobs);
    assert.deepEqual(Object.keys(targets.createdQueues), ['jobs']);
    const created = template.findResources('AWS::SQS::Queue')[logicalId(jobs)]?.Properties;
    assert.equal(created.QueueName, 'jobs');
    assert.equal(created.SqsManagedSseEnabled, true);
    assert.equal(created.RedrivePolicy.maxReceiveCount, 5);
    const sendable = [
      `${logicalId(jobs)}.Arn`,
      'arn:aws:sqs:eu-west-1:210987654321:external',
      arn('sqs', 'shared'),
    ];
    for (const action of ['sqs:GetQueueUrl', 'sqs:SendMessage']) {
      const lines = workerLines(template, stack, action).filter(
        (line) => !/EngineQueues(Work|Timers)/.test(line),
      );
      assert.deepEqual(lines, sendable.map((resource) => `Allow ${action} ${resource}`).sort());
    }
  });

  it('the worker finds the built functions through its bundled map', () => {
    assert.deepEqual(targets.functionMap, { 'billing/charge': 'billing-charge', notify: 'notify' });
  });
});

describe('docs/deploy.md', () => {
  it('lists every context option and the README deploy command', () => {
    const docs = readFileSync(join(ROOT, 'docs/deploy.md'), 'utf8');
    for (const option of Object.keys(CONTEXT_OPTIONS))
      assert.ok(new RegExp(`^\\| [^|]*\`${option}\``, 'm').test(docs), option);
    const command = 'npx cdk deploy -c flowsDir=examples/flows -c functionsDir=examples/functions';
    assert.ok(docs.includes(command));
    assert.ok(readFileSync(join(ROOT, 'README.md'), 'utf8').includes(command));
  });
});

describe('the function map does not travel in the environment', () => {
  it('200 functions: all in the bundled map, the worker environment far under 4 KB', () => {
    const { engine, template } = synthEngine({}, (stack: Stack) => ({
      functions: Object.fromEntries(
        Array.from({ length: 200 }, (_, i) => [
          `acs:fc:::services/svc${i}/functions/fn${i}`,
          lambda.Function.fromFunctionArn(
            stack,
            `F${i}`,
            `arn:aws:lambda:eu-west-1:123456789012:function:svc${i}-fn${i}`,
          ),
        ]),
      ),
    }));
    assert.equal(Object.keys(engine.targets.functionMap).length, 200);
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      const variables = fn.Properties.Environment?.Variables ?? {};
      assert.equal(variables.FLOWBACK_FUNCTION_MAP, undefined);
      assert.ok(JSON.stringify(variables).length < 1024, `${JSON.stringify(variables).length} bytes`);
    }
    assert.equal(engine.targets.invokeArns.length, 200);
    assert.ok(show(engine.targets.invokeArns[199]).endsWith(':function:svc199-fn199'));
  });

  it('the bundling hook copies the map into the bundle (run locally, no Docker)', () => {
    const bundling = bundlingWithFiles({ 'function-map.json': '{"a/b":"a-b"}\n' });
    assert.equal(bundling.forceDockerBundling, false);
    const out = mkdtempSync(join(tmpdir(), 'flowback-bundle-'));
    for (const command of bundling.commandHooks?.afterBundling('/in', out) ?? []) execSync(command);
    assert.equal(readFileSync(join(out, 'function-map.json'), 'utf8'), '{"a/b":"a-b"}\n');
  });
});
