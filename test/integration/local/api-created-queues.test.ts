/**
 * A flow created or updated through the API gets its task queues on the embedded SQS, as flows
 * loaded from `--flows` do at start-up — else its queue tasks would fail with `MNS.QueueNotExist`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../lib/local/local-clients.ts';
import type { LocalRuntime } from '../../../lib/local/start-local-runtime.ts';
import { call, startWithFiles, waitForEnd } from './local-helpers.ts';

/** A flow whose one task waits for a worker on queue `queue`. */
function queueFlow(queue: string): string {
  return `version: v1
type: flow
steps:
  - type: task
    name: job
    resourceArn: acs:mns:::/queues/${queue}/messages
    pattern: waitForCallback
`;
}

describe('queues of flows created through the API', () => {
  let local: LocalRuntime;
  let sqs: SQSClient;

  before(async () => {
    local = await startWithFiles({}, {});
    sqs = new SQSClient({ region: LOCAL_REGION, endpoint: local.sqsUrl, credentials: LOCAL_CREDENTIALS });
  });
  after(async () => {
    sqs.destroy();
    await local.stop();
  });

  /** Starts an execution of `flow` and completes its queue task as a worker would. */
  async function runThroughQueue(flow: string, queue: string, execution: string): Promise<void> {
    const started = await call(local.apiUrl, 'POST', `/flows/${flow}/executions`, {
      executionName: execution,
    });
    assert.equal(started.status, 201);
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queue }));
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 10, MessageAttributeNames: ['All'] }),
    );
    const token = received.Messages?.[0]?.MessageAttributes?.['flowback.taskToken']?.StringValue;
    assert.ok(token, `a task message on ${queue}`);
    const reported = await call(local.apiUrl, 'POST', '/tasks/succeeded', {
      taskToken: token,
      output: { queue },
    });
    assert.equal(reported.status, 200);
    const ended = await waitForEnd(local.apiUrl, flow, execution);
    assert.equal(ended.status, 'Succeeded');
    assert.deepEqual(ended.output, { queue });
  }

  it('CreateFlow creates the queue its task sends to', async () => {
    const created = await call(local.apiUrl, 'POST', '/flows', {
      name: 'made',
      definition: queueFlow('made-jobs'),
    });
    assert.equal(created.status, 201);
    await runThroughQueue('made', 'made-jobs', 'm1');
  });

  it('UpdateFlow creates a queue the new definition names', async () => {
    const updated = await call(local.apiUrl, 'PUT', '/flows/made', { definition: queueFlow('moved-jobs') });
    assert.equal(updated.status, 200);
    await runThroughQueue('made', 'moved-jobs', 'm2');
  });
});
