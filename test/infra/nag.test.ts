/**
 * cdk-nag (AwsSolutions) on the stack as bin/app.ts builds it, in both API variants and with flows:
 * synth fails on any unacknowledged finding, so synthesizing is the assertion. Every acknowledgement
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
import { EXAMPLE_FLOWS, testApp } from './synth.ts';

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

describe('cdk-nag AwsSolutions checks', () => {
  it('pass with no unacknowledged finding (REST, HTTP with flows, REST without the logging role)', () => {
    const app = testApp();
    const stacks = [
      new FlowbackStack(app, 'Flowback'),
      new FlowbackStack(app, 'Flowback-http', { engine: { api: 'http', flowsDir: EXAMPLE_FLOWS } }),
      new FlowbackStack(app, 'Flowback-norole', { engine: { apiGatewayCloudWatchRole: false } }),
    ];
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
