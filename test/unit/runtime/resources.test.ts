import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_START_TIME } from '../../../lib/adapters/memory/index.ts';
import { callIdOf } from '../../../lib/engine/call-id.ts';
import { MessageAttributes } from '../../../lib/runtime/index.ts';
import { assertGapFree, createFlow, exampleFlow, history, setup, start } from './runtime-helpers.ts';

/** A flow of one task step. */
function taskFlow(resourceArn: string, pattern: string, extra = ''): string {
  return `version: v1
type: flow
steps:
  - type: task
    name: t
    resourceArn: ${resourceArn}
    pattern: ${pattern}
${extra}`;
}

const CALLBACK_CHILD = taskFlow(
  'acs:fc:::services/fnf-demo/functions/echo',
  'waitForCallback',
  `    inputMappings:
      - target: taskToken
        source: $context.task.token
`,
);

const PASS_CHILD = `version: v1
type: flow
steps:
  - type: pass
    name: p
    outputMappings:
      - target: got
        source: $input.n
`;

async function describeOne(m: ReturnType<typeof setup>, flowName: string, executionName: string) {
  return m.operations.describeExecution({ flowName, executionName });
}

describe('functions', () => {
  it('a function that throws fails the task with its error type and message', async () => {
    class OrderRejected extends Error {}
    const m = setup({
      functions: {
        'shop/order': () => {
          throw new OrderRejected('out of stock');
        },
      },
    });
    await createFlow(m, 'f', taskFlow('acs:fc:::services/shop/functions/order', 'requestResponse'));
    await start(m, 'f', 'e');
    const execution = await describeOne(m, 'f', 'e');
    assert.equal(execution.status, 'Failed');
    assert.equal(execution.error, 'OrderRejected');
    assert.equal(execution.cause, 'out of stock');
  });

  it('a missing function fails the task with FC.FunctionNotFound; Lambda ARNs use the function name', async () => {
    const m = setup({ functions: { lam: (event) => ({ echoed: event }) } });
    await createFlow(m, 'f', taskFlow('acs:fc:::services/none/functions/none', 'requestResponse'));
    await start(m, 'f', 'e');
    assert.equal((await describeOne(m, 'f', 'e')).error, 'FC.FunctionNotFound');
    await createFlow(
      m,
      'g',
      taskFlow('arn:aws:lambda:us-east-1:123456789012:function:lam', 'requestResponse'),
    );
    await start(m, 'g', 'e', { a: 1 });
    assert.deepEqual((await describeOne(m, 'g', 'e')).output, { echoed: { a: 1 } });
  });
});

describe('queues', () => {
  it('sends the MessageBody with the task attributes, then waits for the callback', async () => {
    const m = setup();
    await createFlow(
      m,
      'f',
      taskFlow(
        'acs:mns:::/queues/work/messages',
        'waitForCallback',
        `    heartbeatSeconds: 30
    serviceParams:
      MessageBody: $
`,
      ),
    );
    await start(m, 'f', 'e', { job: 7 });
    const [message] = m.queues.messages('work');
    assert.ok(message);
    assert.deepEqual(JSON.parse(message.body), { job: 7 });
    const taskToken = message.attributes[MessageAttributes.taskToken];
    assert.ok(taskToken);
    assert.deepEqual(
      { ...message.attributes, [MessageAttributes.taskToken]: 'T' },
      {
        'flowback.taskToken': 'T',
        'flowback.heartbeatSeconds': '30',
        'flowback.flowName': 'f',
        'flowback.executionName': 'e',
        'flowback.stepName': 't',
        'flowback.callId': callIdOf('f', 'e', DEFAULT_START_TIME, 3),
      },
    );
    await m.operations.reportTaskSucceeded({ taskToken, output: { done: true } });
    assert.deepEqual((await describeOne(m, 'f', 'e')).output, { done: true });
  });

  it('requestResponse: the input is the body and the local is {MessageId}; a failed send is MNS.<Code>', async () => {
    const m = setup();
    await createFlow(m, 'f', taskFlow('acs:mns:::/queues/work/messages', 'requestResponse'));
    await start(m, 'f', 'e', { job: 1 });
    const [message] = m.queues.messages('work');
    assert.equal(message?.body, '{"job":1}');
    assert.equal(message?.attributes[MessageAttributes.taskToken], undefined);
    assert.deepEqual((await describeOne(m, 'f', 'e')).output, { MessageId: 'msg-1' });
    m.queues.failNext('QueueNotExist', 'no such queue');
    await start(m, 'f', 'e2');
    const failed = await describeOne(m, 'f', 'e2');
    assert.equal(failed.error, 'MNS.QueueNotExist');
    assert.equal(failed.cause, 'no such queue');
  });
});

describe('child flows', () => {
  it('sync: the child’s output becomes the task’s local', async () => {
    const m = setup();
    await createFlow(m, 'child', PASS_CHILD);
    await createFlow(m, 'parent', taskFlow('acs:fnf:::flow/child', 'sync'));
    await start(m, 'parent', 'e', { n: 5 });
    const parent = await describeOne(m, 'parent', 'e');
    assert.equal(parent.status, 'Succeeded');
    assert.deepEqual(parent.output, { got: 5 });
    const children = await m.operations.listExecutions({ flowName: 'child' });
    assert.equal(children.executions[0]?.status, 'Succeeded');
  });

  it('requestResponse: the local is {ExecutionName}; serviceParams.Input is the child’s input', async () => {
    const m = setup();
    await createFlow(m, 'child', PASS_CHILD);
    await createFlow(
      m,
      'parent',
      taskFlow(
        'acs:fnf:::flow/child',
        'requestResponse',
        `    serviceParams:
      ExecutionName: kid
      Input: '{"n": 9}'
`,
      ),
    );
    await start(m, 'parent', 'e');
    assert.deepEqual((await describeOne(m, 'parent', 'e')).output, { ExecutionName: 'kid' });
    assert.deepEqual((await describeOne(m, 'child', 'kid')).output, { got: 9 });
  });

  it('waitForCallback: the child reports its end to the parent’s token', async () => {
    const m = setup();
    await createFlow(m, 'child', CALLBACK_CHILD);
    await createFlow(m, 'parent', taskFlow('acs:fnf:::flow/child', 'waitForCallback'));
    await start(m, 'parent', 'e');
    const [child] = (await m.operations.listExecutions({ flowName: 'child' })).executions;
    assert.ok(child);
    const submitted = (await history(m, 'child', child.name)).find((event) => event.type === 'TaskSubmitted');
    await m.operations.reportTaskSucceeded({
      taskToken: submitted?.detail.taskToken,
      output: { from: 'worker' },
    });
    const parent = await describeOne(m, 'parent', 'e');
    assert.equal(parent.status, 'Succeeded');
    assert.deepEqual(parent.output, { from: 'worker' });
    assertGapFree(await history(m, 'parent', 'e'));
  });

  it('stopping the parent stops its waiting child', async () => {
    const m = setup();
    await createFlow(m, 'child', CALLBACK_CHILD);
    await createFlow(m, 'parent', taskFlow('acs:fnf:::flow/child', 'sync'));
    await start(m, 'parent', 'e');
    const [child] = (await m.operations.listExecutions({ flowName: 'child' })).executions;
    assert.ok(child);
    await m.operations.stopExecution({ flowName: 'parent', executionName: 'e' });
    await m.drain();
    assert.equal((await describeOne(m, 'child', child.name)).status, 'Stopped');
    assert.equal((await describeOne(m, 'parent', 'e')).status, 'Stopped');
  });

  it('a missing child flow fails the task with FnF.FlowNotExists', async () => {
    const m = setup();
    await createFlow(m, 'parent', taskFlow('acs:fnf:::flow/ghost', 'sync'));
    await start(m, 'parent', 'e');
    const parent = await describeOne(m, 'parent', 'e');
    assert.equal(parent.status, 'Failed');
    assert.equal(parent.error, 'FnF.FlowNotExists');
  });
});

describe('the example flows with the fixture functions', () => {
  it('foreach_names upper-cases every name', async () => {
    const m = setup();
    await createFlow(m, 'foreach_names', exampleFlow('foreach_names'));
    await start(m, 'foreach_names', 'e', { names: ['a', 'b', 'c'] });
    assert.deepEqual((await describeOne(m, 'foreach_names', 'e')).output, { names: ['A', 'B', 'C'] });
  });

  it('sequential_mapping passes the echoed content to Encrypt', async () => {
    const m = setup();
    await createFlow(m, 'sequential_mapping', exampleFlow('sequential_mapping'));
    await start(m, 'sequential_mapping', 'e', { content: 'secret' });
    const output = (await describeOne(m, 'sequential_mapping', 'e')).output;
    assert.equal(output?.message, 'secret');
    assert.match(String(output?.encrypted), /^[0-9a-f]{64}$/);
  });

  it('retry_and_catch retries after 10, 20 and 40 s on the virtual clock, then catches', async () => {
    const m = setup({ fixtures: { helloFailures: Number.POSITIVE_INFINITY } });
    await createFlow(m, 'retry_and_catch', exampleFlow('retry_and_catch'));
    await start(m, 'retry_and_catch', 'e');
    assert.equal(m.invoker.calls.length, 1);
    await m.clock.advanceBy(10_000);
    assert.equal(m.invoker.calls.length, 2);
    await m.clock.advanceBy(20_000);
    assert.equal(m.invoker.calls.length, 3);
    await m.clock.advanceBy(39_999);
    assert.equal((await describeOne(m, 'retry_and_catch', 'e')).status, 'Running');
    await m.clock.advanceBy(1);
    const execution = await describeOne(m, 'retry_and_catch', 'e');
    assert.equal(execution.status, 'Succeeded');
    assert.equal(execution.output?.errCode, 'HelloFailed');
    assert.equal(m.invoker.calls.length, 4);
  });
});
