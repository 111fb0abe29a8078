import assert from 'node:assert/strict';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../lib/local/local-clients.ts';
import { type LocalRuntime, startLocalRuntime } from '../../../lib/local/start-local-runtime.ts';
import { SEED_EVENT_TYPES } from '../../support/seed-flow.ts';
import {
  assertGapFree,
  call,
  history,
  SEED_FLOW_NAME,
  tempDir,
  waitFlow,
  waitForEnd,
  waitForToken,
  writeFlows,
} from './local-helpers.ts';

const QUEUE_FLOW = `version: v1
type: flow
steps:
  - type: task
    name: job
    resourceArn: acs:mns:::/queues/local-jobs/messages
    pattern: waitForCallback
    inputMappings:
      - target: n
        source: $input.n
`;

const FUNCTION_FLOW = (resourceArn: string): string => `version: v1
type: flow
steps:
  - type: task
    name: call
    resourceArn: ${resourceArn}
`;

describe('the local runtime over HTTP (in memory)', () => {
  let local: LocalRuntime;
  let dirs: { remove(): Promise<void> }[] = [];

  before(async () => {
    const flows = await tempDir('flows');
    const functions = await tempDir('functions');
    dirs = [flows, functions];
    await writeFlows(flows.path, {
      queue_job: QUEUE_FLOW,
      short_wait: waitFlow(1),
      throws: FUNCTION_FLOW('acs:fc:::services/tools/functions/boom'),
      missing: FUNCTION_FLOW('acs:fc:::services/tools/functions/nothing'),
      commonjs: FUNCTION_FLOW('arn:aws:lambda:us-east-1:000000000000:function:double'),
    });
    // The seed flow and function are the shipped examples.
    await copyFile(`examples/flows/${SEED_FLOW_NAME}.yaml`, join(flows.path, `${SEED_FLOW_NAME}.yaml`));
    await mkdir(join(functions.path, 'fnf-demo'));
    await writeFile(
      join(functions.path, 'fnf-demo', 'echo.mjs'),
      'export const handler = (event) => event;\n',
    );
    await mkdir(join(functions.path, 'tools'));
    await writeFile(
      join(functions.path, 'tools', 'boom.mjs'),
      "export async function handler() { const e = new Error('it broke'); e.errorType = 'Tools.Boom'; throw e; }\n",
    );
    await writeFile(
      join(functions.path, 'double.js'),
      'module.exports.handler = async (event) => ({ n: event.n * 2 });\n',
    );
    local = await startLocalRuntime({
      port: 0,
      sqsPort: 0,
      dataDir: '',
      memory: true,
      flowsDir: flows.path,
      functionsDir: functions.path,
      sweepIntervalMs: 200,
    });
  });

  after(async () => {
    await local?.stop();
    for (const dir of dirs) await dir.remove();
  });

  it('prints the ready line with both loopback endpoints', () => {
    assert.match(
      local.readyLine,
      /^flowback ready api=http:\/\/127\.0\.0\.1:\d+ sqs=http:\/\/127\.0\.0\.1:\d+$/,
    );
    assert.equal(local.readyLine, `flowback ready api=${local.apiUrl} sqs=${local.sqsUrl}`);
  });

  it('runs the seed example: start, TaskSubmitted with the token, ReportTaskSucceeded, output {s: "ok"}', async () => {
    const started = await call(local.apiUrl, 'POST', `/flows/${SEED_FLOW_NAME}/executions`, {
      executionName: 'seed1',
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    assert.equal(started.body.status, 'Running');

    const token = await waitForToken(local.apiUrl, SEED_FLOW_NAME, 'seed1');
    const reported = await call(local.apiUrl, 'POST', '/tasks/succeeded', {
      taskToken: token,
      output: { status: 'ok' },
    });
    assert.deepEqual(reported, { status: 200, body: { eventId: 5 } });

    const ended = await waitForEnd(local.apiUrl, SEED_FLOW_NAME, 'seed1');
    assert.equal(ended.status, 'Succeeded');
    assert.deepEqual(ended.output, { s: 'ok' });
    const events = await history(local.apiUrl, SEED_FLOW_NAME, 'seed1');
    assert.deepEqual(
      events.map((event) => event.type),
      SEED_EVENT_TYPES,
    );
    assert.deepEqual(events[3]?.detail.output, { taskToken: token }, 'echo returned its input');
    assertGapFree(events, 'ExecutionSucceeded');

    const repeated = await call(local.apiUrl, 'POST', '/tasks/succeeded', {
      taskToken: token,
      output: { status: 'ok' },
    });
    assert.deepEqual(
      repeated,
      { status: 200, body: { eventId: 5 } },
      'the same report gets the original answer',
    );
    const other = await call(local.apiUrl, 'POST', '/tasks/failed', { taskToken: token, error: 'Late' });
    assert.equal(other.status, 400);
    assert.equal(other.body.code, 'TaskAlreadyCompleted');
  });

  it('answers bad requests with the API’s codes', async () => {
    const unknownFlow = await call(local.apiUrl, 'POST', '/flows/nope/executions', {});
    assert.equal(unknownFlow.status, 404);
    assert.equal(unknownFlow.body.code, 'FlowNotExists');
    const malformed = await call(local.apiUrl, 'POST', '/tasks/succeeded', '{not json');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.code, 'InvalidArgument');
    assert.equal(typeof malformed.body.requestId, 'string');
    const tooLarge = await call(local.apiUrl, 'POST', '/flows', 'x'.repeat(1024 * 1024 + 1));
    assert.equal(tooLarge.status, 400);
    assert.equal(tooLarge.body.code, 'EntityTooLarge');
  });

  it('serves the queue of a loaded flow on the embedded SQS, for workers that report back over HTTP', async () => {
    const started = await call(local.apiUrl, 'POST', '/flows/queue_job/executions', {
      executionName: 'q1',
      input: { n: 21 },
    });
    assert.equal(started.status, 201);
    const sqs = new SQSClient({
      region: LOCAL_REGION,
      endpoint: local.sqsUrl,
      credentials: LOCAL_CREDENTIALS,
    });
    try {
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'local-jobs' }));
      const received = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 10, MessageAttributeNames: ['All'] }),
      );
      const message = received.Messages?.[0];
      assert.ok(message, 'a task message');
      assert.deepEqual(JSON.parse(message.Body ?? ''), { n: 21 });
      const token = message.MessageAttributes?.['flowback.taskToken']?.StringValue;
      assert.ok(token);
      const reported = await call(local.apiUrl, 'POST', '/tasks/succeeded', {
        taskToken: token,
        output: '{"done":1}',
      });
      assert.equal(reported.status, 200);
    } finally {
      sqs.destroy();
    }
    const ended = await waitForEnd(local.apiUrl, 'queue_job', 'q1');
    assert.equal(ended.status, 'Succeeded');
    assert.deepEqual(ended.output, { done: 1 });
  });

  it('runs local functions: CommonJS handlers, thrown errors as flow errors, missing ones as FC.FunctionNotFound', async () => {
    for (const [flow, input] of [
      ['commonjs', { n: 4 }],
      ['throws', {}],
      ['missing', {}],
    ] as const) {
      const started = await call(local.apiUrl, 'POST', `/flows/${flow}/executions`, {
        executionName: 'f1',
        input,
      });
      assert.equal(started.status, 201);
    }
    assert.deepEqual((await waitForEnd(local.apiUrl, 'commonjs', 'f1')).output, { n: 8 });
    const thrown = await waitForEnd(local.apiUrl, 'throws', 'f1');
    assert.deepEqual([thrown.status, thrown.error, thrown.cause], ['Failed', 'Tools.Boom', 'it broke']);
    const missing = await waitForEnd(local.apiUrl, 'missing', 'f1');
    assert.deepEqual([missing.status, missing.error], ['Failed', 'FC.FunctionNotFound']);
  });

  it('fires a wait step’s timer through the timer queue', async () => {
    const began = Date.now();
    await call(local.apiUrl, 'POST', '/flows/short_wait/executions', {
      executionName: 'w1',
      input: { a: 1 },
    });
    const ended = await waitForEnd(local.apiUrl, 'short_wait', 'w1');
    assert.equal(ended.status, 'Succeeded');
    assert.ok(Date.now() - began >= 900, 'not before the wait is over');
    assertGapFree(await history(local.apiUrl, 'short_wait', 'w1'), 'ExecutionSucceeded');
  });
});
