/** Flows as code: the props folder's flows are checked at synth time and deployed by a custom resource. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Stack } from 'aws-cdk-lib';
import { FlowEngine } from '../../lib/infra/flow-engine.ts';
import { FLOWS_RESOURCE_TYPE } from '../../lib/infra/flows-deployment.ts';
import { FLOW_UPSERT_ACTIONS } from '../../lib/infra/grants.ts';
import { allow, EXAMPLE_FLOWS, logicalId, permissionsOf, show, synthEngine, testApp } from './synth.ts';

const { template, engine } = synthEngine({ flowsDir: EXAMPLE_FLOWS });
const seed = readFileSync(join(EXAMPLE_FLOWS, 'fnf-demo-callback.yaml'), 'utf8');
const approval = readFileSync(join(EXAMPLE_FLOWS, 'approval.yaml'), 'utf8');

describe('flows from the props folder', () => {
  it('are deployed by a custom resource carrying every flow definition', () => {
    const resources = Object.values(template.findResources(FLOWS_RESOURCE_TYPE));
    assert.equal(resources.length, 1);
    const properties = resources[0]?.Properties;
    assert.deepEqual(properties.Flows, [
      { name: 'approval', definition: approval },
      { name: 'fnf-demo-callback', definition: seed },
    ]);
    const handler = engine.flows!.handler;
    assert.equal(show(properties.ServiceToken), `${logicalId(handler.function)}.Arn`);
  });

  it('the deploy function runs the same runtime and may only upsert flows', () => {
    const handler = engine.flows!.handler;
    const fn = template.findResources('AWS::Lambda::Function')[logicalId(handler.function)];
    assert.equal(fn?.Properties.Runtime, 'nodejs22.x');
    assert.deepEqual(fn?.Properties.Architectures, ['arm64']);
    assert.deepEqual(fn?.Properties.TracingConfig, { Mode: 'Active' });
    assert.deepEqual(
      permissionsOf(template, logicalId(handler.role)),
      [
        ...allow(['logs:CreateLogStream', 'logs:PutLogEvents'], [`${logicalId(handler.logGroup)}.Arn`]),
        ...allow(['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], ['*']),
        ...allow(FLOW_UPSERT_ACTIONS, [`${logicalId(engine.tables.byRole.flows)}.Arn`]),
      ].sort(),
    );
  });

  it('without flowsDir there is no custom resource', () => {
    const plain = synthEngine();
    plain.template.resourceCountIs(FLOWS_RESOURCE_TYPE, 0);
  });

  it('an invalid folder stops the synth with every problem listed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowback-flows-'));
    writeFileSync(join(dir, 'good.yaml'), seed);
    writeFileSync(join(dir, 'bad.yaml'), 'version: v1\ntype: flow\nsteps:\n  - type: pass\n');
    writeFileSync(join(dir, 'bad name.yml'), seed);
    writeFileSync(join(dir, 'notes.txt'), 'not a flow');
    const stack = new Stack(testApp(), 'Invalid');
    assert.throws(
      () => new FlowEngine(stack, 'Engine', { flowsDir: dir }),
      (error: Error) => {
        assert.match(error.message, /invalid flows in/);
        assert.match(error.message, /bad\.yaml:\d+:\d+/);
        assert.match(error.message, /bad name\.yml: the file name is not a valid flow name/);
        assert.doesNotMatch(error.message, /good\.yaml|notes\.txt/);
        return true;
      },
    );
  });

  it('a missing folder stops the synth', () => {
    const stack = new Stack(testApp(), 'Missing');
    assert.throws(() => new FlowEngine(stack, 'Engine', { flowsDir: '/nonexistent/flows' }), /cannot read/);
  });
});
