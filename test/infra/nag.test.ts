/**
 * cdk-nag (AwsSolutions) on the stack as bin/app.ts builds it, in every variant of the context
 * (REST and HTTP API or a function URL, with and without RPC keys, with and without built functions, created and referenced
 * queues): synth fails on any unacknowledged finding, so synthesizing is the assertion. Every acknowledgement
 * carries a reason, and docs/deploy.md lists each one.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Validations } from 'aws-cdk-lib';
import { Annotations } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { FlowbackStack } from '../../lib/infra/flowback-stack.ts';
import { NAG_ACKNOWLEDGEMENTS } from '../../lib/infra/nag-acknowledgements.ts';
import { readStackContext } from '../../lib/infra/stack-context.ts';
import { EXAMPLE_FLOWS, testApp } from './synth.ts';

const EXAMPLE_FUNCTIONS = join(import.meta.dirname, '../../examples/functions');
const FIXTURE_FLOWS = join(import.meta.dirname, '../fixtures/deploy/flows');
const FIXTURE_FUNCTIONS = join(import.meta.dirname, '../fixtures/deploy/functions');

/** The rule names of a failed validation report, to say what failed. */
function violations(outdir: string): string[] {
  try {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    return report.pluginReports.flatMap(
      (plugin: { violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }) =>
        plugin.violations.flatMap((v) =>
          v.violatingConstructs.map((c) => `${v.ruleName} at ${c.constructPath}`),
        ),
    );
  } catch {
    return [];
  }
}

/** Each context combination of the matrix, as `cdk deploy -c …` would give it. */
const MATRIX: Readonly<Record<string, Record<string, string>>> = {
  rest: {},
  'rest-rpc': { rpcSecretName: 'flowback/rpc-keys' },
  http: { api: 'http' },
  'http-rpc': { api: 'http', rpcSecretName: 'flowback/rpc-keys' },
  'rest-targets': {
    flowsDir: FIXTURE_FLOWS,
    functionsDir: FIXTURE_FUNCTIONS,
    existingQueues: 'shared',
    existingFunctions: 'tools/lint',
  },
  'http-rpc-targets': {
    api: 'http',
    rpcSecretName: 'flowback/rpc-keys',
    flowsDir: FIXTURE_FLOWS,
    functionsDir: FIXTURE_FUNCTIONS,
  },
  'rest-rpc-seed-norole': {
    rpcSecretName: 'flowback/rpc-keys',
    flowsDir: EXAMPLE_FLOWS,
    functionsDir: EXAMPLE_FUNCTIONS,
    apiGatewayCloudWatchRole: 'false',
  },
  'http-seed-destroy': { api: 'http', flowsDir: EXAMPLE_FLOWS, removalPolicy: 'destroy', retentionDays: '7' },
  'rest-links': { approvalLinks: 'true', flowsDir: EXAMPLE_FLOWS, functionsDir: EXAMPLE_FUNCTIONS },
  url: { api: 'url' },
  'url-seed': { api: 'url', flowsDir: EXAMPLE_FLOWS, functionsDir: EXAMPLE_FUNCTIONS },
  'http-rpc-links': {
    api: 'http',
    rpcSecretName: 'flowback/rpc-keys',
    approvalLinks: 'true',
    publicUrl: 'https://flows.example.com',
  },
};

describe('cdk-nag AwsSolutions checks', () => {
  it('pass with no unacknowledged finding in every variant (REST/HTTP/function URL × RPC keys × functions and queues × approval links)', () => {
    const app = testApp();
    // One app, one synth: each variant is the stack bin/app.ts builds from its context.
    const stacks = Object.entries(MATRIX).map(([stage, context]) => {
      const { stackName, engine, rpcSecretName } = readStackContext({
        tryGetContext: (name: string) => ({ stage, ...context })[name],
      });
      return new FlowbackStack(app, stackName, {
        engine,
        ...(rpcSecretName !== undefined ? { rpcSecretName } : {}),
      });
    });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    assert.doesNotThrow(() => {
      try {
        app.synth();
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${violations(app.outdir).join('\n')}`);
      }
    }, 'synth with cdk-nag succeeds');
    for (const stack of stacks) {
      assert.deepEqual(
        Annotations.fromStack(stack).findError('*', {}),
        [],
        `${stack.stackName} has no errors`,
      );
    }
    assert.deepEqual(
      stacks.map((stack) => [
        stack.stackName,
        stack.engine.api.kind,
        stack.engine.targets.invokeArns.length > 0,
        stack.engine.linkSecret !== undefined,
      ]),
      [
        ['Flowback-rest', 'rest', false, false],
        ['Flowback-rest-rpc', 'rest', false, false],
        ['Flowback-http', 'http', false, false],
        ['Flowback-http-rpc', 'http', false, false],
        ['Flowback-rest-targets', 'rest', true, false],
        ['Flowback-http-rpc-targets', 'http', true, false],
        ['Flowback-rest-rpc-seed-norole', 'rest', true, false],
        ['Flowback-http-seed-destroy', 'http', true, false],
        ['Flowback-rest-links', 'rest', true, true],
        ['Flowback-url', 'url', false, false],
        ['Flowback-url-seed', 'url', true, false],
        ['Flowback-http-rpc-links', 'http', false, true],
      ],
    );
  });

  it('fail the synth on a new finding (the checks are live in this set-up)', () => {
    const app = testApp();
    const stack = new FlowbackStack(app, 'Flowback');
    new sqs.Queue(stack, 'Unchecked');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    // The report of the expected failure goes to the console: keep the test output clean.
    const { error, log } = console;
    console.error = () => {};
    console.log = () => {};
    try {
      assert.throws(() => app.synth(), /Validation failed/);
    } finally {
      console.error = error;
      console.log = log;
    }
    assert.deepEqual(violations(app.outdir).sort(), [
      'AwsSolutions-SQS3 at Flowback/Unchecked/Resource',
      'AwsSolutions-SQS4 at Flowback/Unchecked/Resource',
    ]);
  });

  it('every acknowledgement has a reason, and docs/deploy.md lists it', () => {
    const docs = readFileSync(join(import.meta.dirname, '../../docs/deploy.md'), 'utf8');
    for (const [name, acknowledgement] of Object.entries(NAG_ACKNOWLEDGEMENTS)) {
      assert.ok(acknowledgement.reason.length > 40, `${name} has a reason`);
      assert.ok(docs.includes(`\`${acknowledgement.id}\``), `docs/deploy.md lists ${acknowledgement.id}`);
    }
  });
});
