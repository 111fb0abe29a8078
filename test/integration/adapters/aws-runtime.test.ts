import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { type AwsRuntime, createAwsRuntime } from '../../../lib/adapters/aws/index.ts';
import type { Json } from '../../../lib/fdl/types.ts';
import type { WorkItem } from '../../../lib/ports/dispatcher.ts';
import type { Invoker } from '../../../lib/ports/invoker.ts';
import { type AwsLocal, startAwsLocal } from '../../support/aws-local.ts';
import { SEED_EVENT_TYPES, SEED_FLOW } from '../../support/seed-flow.ts';

describe('createAwsRuntime on dynalite and fauxqs: the seed example', () => {
  let local: AwsLocal;
  let aws: AwsRuntime;
  let workQueue: string;
  const calls: Json[] = [];
  const requests = new Map<string, number>();

  before(async () => {
    local = await startAwsLocal();
    workQueue = await local.createQueue('work');
    const timerQueue = await local.createQueue('timers');
    local.dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        requests.set(context.commandName ?? '?', (requests.get(context.commandName ?? '?') ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize', name: 'countRequests' },
    );
    const invoker: Invoker = {
      async invoke(_resource, event) {
        calls.push(event);
        return { ok: true, output: event };
      },
    };
    aws = createAwsRuntime({
      dynamo: local.dynamo,
      sqs: local.sqs,
      tables: local.tables,
      queues: { work: workQueue, timers: timerQueue },
      invoker,
    });
  });

  after(async () => local.stop());

  /** Receives and handles work items until the queue is empty (as the worker Lambda would). */
  async function pump(): Promise<number> {
    let handled = 0;
    for (;;) {
      const received = await local.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: workQueue, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      const messages = received.Messages ?? [];
      if (messages.length === 0) return handled;
      for (const message of messages) {
        await aws.runtime.handleWorkItem(JSON.parse(message.Body ?? '{}') as WorkItem);
        await local.sqs.send(
          new DeleteMessageCommand({ QueueUrl: workQueue, ReceiptHandle: message.ReceiptHandle }),
        );
        handled += 1;
      }
    }
  }

  it('starts, calls the function through the work queue, accepts the report and records the history', async () => {
    const { operations } = aws;
    await operations.createFlow({ name: 'fnf-demo-callback', definition: SEED_FLOW });
    requests.clear();
    const started = await operations.startExecution({ flowName: 'fnf-demo-callback', executionName: 'run1' });
    assert.equal(started.created, true);
    assert.equal(await pump(), 1);
    const token = (calls[0] as { taskToken?: string }).taskToken;
    assert.ok(token);
    const answer = await operations.reportTaskSucceeded({ taskToken: token, output: '{"status":"ok"}' });
    assert.deepEqual(answer, { eventId: 5 });
    const done = await operations.describeExecution({ flowName: 'fnf-demo-callback', executionName: 'run1' });
    assert.equal(done.status, 'Succeeded');
    assert.deepEqual(done.output, { s: 'ok' });
    const history = await operations.getExecutionHistory({
      flowName: 'fnf-demo-callback',
      executionName: 'run1',
    });
    assert.deepEqual(
      history.events.map((event) => event.type),
      SEED_EVENT_TYPES,
    );
    const listed = await operations.listExecutions({ flowName: 'fnf-demo-callback' });
    assert.deepEqual(
      listed.executions.map((execution) => [execution.name, execution.status]),
      [['run1', 'Succeeded']],
    );
    assert.deepEqual((await aws.runtime.recover()).failures, []);
    if (process.env.FLOWBACK_PRINT_COSTS === '1') {
      const raw = await local.dynamo.send(
        new GetItemCommand({
          TableName: local.tables.executions,
          Key: { pk: { S: 'fnf-demo-callback#run1' }, sk: { S: 'state' } },
        }),
      );
      const sizes = Object.fromEntries(
        Object.entries(raw.Item ?? {}).map(([name, value]) => [
          name,
          name.length + (value.S?.length ?? value.B?.length ?? 8),
        ]),
      );
      console.log(Object.fromEntries(requests), sizes);
    }
  });
});
