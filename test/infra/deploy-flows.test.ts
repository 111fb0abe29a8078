/**
 * The deploy-flows custom resource handler (lambdas/deploy-flows.ts) on the memory runtime: creates,
 * updates and leaves flows as CloudFormation asks, fails with every problem listed, always answers.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CloudFormationCustomResourceEvent, CloudFormationCustomResourceResponse } from 'aws-lambda';
import { createMemoryRuntime } from '../../lib/adapters/memory/index.ts';
import {
  createDeployFlowsHandler,
  type DeployFlowsProperties,
  FLOWS_RESOURCE_ID,
  putResponse,
} from '../../lib/handlers/deploy-flows-handler.ts';
import { EXAMPLE_FLOWS } from './synth.ts';

const SEED = readFileSync(join(EXAMPLE_FLOWS, 'fnf-demo-callback.yaml'), 'utf8');
const INVALID = 'version: v1\ntype: flow\nsteps:\n  - type: pass\n';

/** Logs nothing (the tests check the answers). */
const quiet = (): void => {};

/** A CloudFormation event for `flows`. */
function event(
  requestType: 'Create' | 'Update' | 'Delete',
  flows: DeployFlowsProperties['Flows'],
): CloudFormationCustomResourceEvent<DeployFlowsProperties> {
  const common = {
    ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:deploy',
    ResponseURL: 'https://cloudformation-custom-resource-response.example/answer',
    StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/Flowback/1',
    RequestId: `request-${requestType}`,
    LogicalResourceId: 'EngineFlows',
    ResourceType: 'Custom::FlowbackFlows',
    ResourceProperties: { ServiceToken: 'token', ...(flows !== undefined ? { Flows: flows } : {}) },
  };
  if (requestType === 'Create') return { ...common, RequestType: 'Create' };
  const physical = { PhysicalResourceId: FLOWS_RESOURCE_ID };
  if (requestType === 'Update') {
    return {
      ...common,
      ...physical,
      RequestType: 'Update',
      OldResourceProperties: { Flows: [] },
    };
  }
  return { ...common, ...physical, RequestType: 'Delete' };
}

/** A handler over a fresh memory runtime, recording its answers. */
function harness() {
  const m = createMemoryRuntime();
  const sent: { url: string; response: CloudFormationCustomResourceResponse }[] = [];
  const handler = createDeployFlowsHandler(
    () => m.operations,
    async (url, response) => {
      sent.push({ url, response });
    },
    quiet,
  );
  return { m, sent, handler };
}

describe('deploy-flows handler', () => {
  it('creates the flows, then updates only the changed ones', async () => {
    const { m, sent, handler } = harness();
    const created = await handler(event('Create', [{ name: 'seed', definition: SEED }]));
    assert.equal(created.Status, 'SUCCESS');
    assert.equal(created.PhysicalResourceId, FLOWS_RESOURCE_ID);
    assert.equal(created.Data?.Created, 'seed');
    assert.equal((await m.operations.describeFlow({ name: 'seed' })).definition, SEED);

    const changed = `${SEED}\n# changed\n`;
    const updated = await handler(
      event('Update', [
        { name: 'seed', definition: changed },
        { name: 'other', definition: SEED },
      ]),
    );
    assert.equal(updated.Status, 'SUCCESS');
    assert.equal(updated.Data?.Updated, 'seed');
    assert.equal(updated.Data?.Created, 'other');
    assert.equal((await m.operations.describeFlow({ name: 'seed' })).definition, changed);
    assert.equal(sent.length, 2);
    assert.equal(sent[0]?.url, 'https://cloudformation-custom-resource-response.example/answer');
  });

  it('fails with every problem listed, and stores nothing', async () => {
    const { m, handler } = harness();
    const answer = await handler(
      event('Create', [
        { name: 'seed', definition: SEED },
        { name: 'broken', definition: INVALID },
        { name: 'bad name', definition: SEED },
      ]),
    );
    assert.equal(answer.Status, 'FAILED');
    assert.match(
      answer.Status === 'FAILED' ? answer.Reason : '',
      /invalid flows:\nbroken:\d+:\d+ .*\nbad name: not a valid flow name/s,
    );
    assert.deepEqual((await m.operations.listFlows({})).flows, []);
  });

  it('leaves the flows when the resource is deleted', async () => {
    const { m, handler } = harness();
    await handler(event('Create', [{ name: 'seed', definition: SEED }]));
    const answer = await handler(event('Delete', undefined));
    assert.equal(answer.Status, 'SUCCESS');
    assert.equal((await m.operations.describeFlow({ name: 'seed' })).name, 'seed');
  });

  it('answers FAILED (never throws) when the store fails', async () => {
    const failing = createDeployFlowsHandler(
      () => {
        throw new Error('no table');
      },
      async () => {},
      quiet,
    );
    const answer = await failing(event('Create', [{ name: 'seed', definition: SEED }]));
    assert.equal(answer.Status, 'FAILED');
    assert.match(answer.Status === 'FAILED' ? answer.Reason : '', /no table/);
  });

  it('PUTs the answer as JSON with an empty content type (the pre-signed URL is signed without one)', async () => {
    const received: { method: string | undefined; type: string | undefined; body: string }[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on('end', () => {
        received.push({ method: request.method, type: request.headers['content-type'], body });
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await putResponse(`http://127.0.0.1:${port}/answer?signature=x`, {
        Status: 'SUCCESS',
        PhysicalResourceId: FLOWS_RESOURCE_ID,
        StackId: 's',
        RequestId: 'r',
        LogicalResourceId: 'l',
      });
    } finally {
      server.close();
    }
    assert.equal(received[0]?.method, 'PUT');
    assert.equal(received[0]?.type ?? '', '');
    assert.equal(JSON.parse(received[0]?.body ?? '{}').Status, 'SUCCESS');
  });
});
