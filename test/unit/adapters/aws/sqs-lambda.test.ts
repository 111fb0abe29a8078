import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  InvokeCommand,
  LambdaClient,
  ResourceNotFoundException,
  ServiceException,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import { GetQueueUrlCommand, QueueDoesNotExist, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  CLIENT_CONTEXT_LIMIT,
  clientContextOf,
  DynamoTimerRecords,
  LambdaInvoker,
  lambdaTarget,
  SqsDispatcher,
  SqsQueueSender,
  SqsTimers,
} from '../../../../lib/adapters/aws/index.ts';
import type { CallResourceCommand } from '../../../../lib/engine/types.ts';
import type { FunctionResource } from '../../../../lib/ports/invoker.ts';
import { messageAttributes } from '../../../../lib/runtime/call-resource.ts';

const sqsMock = mockClient(SQSClient);
const lambdaMock = mockClient(LambdaClient);
const dbMock = mockClient(DynamoDBDocumentClient);
const sqs = new SQSClient({ region: 'us-east-1' });
const lambda = new LambdaClient({ region: 'us-east-1' });
const executionKey = { flowName: 'f', executionName: 'e1' };
const context = { executionKey, stepName: 's', scheduleEventId: 3, callId: 'c1-00000000000ab-3' };
const fc: FunctionResource = {
  kind: 'function',
  arn: 'acs:fc:::services/fnf-demo.prod/functions/echo',
  service: 'fnf-demo',
  functionName: 'echo',
  qualifier: 'prod',
};
const command: CallResourceCommand = {
  type: 'CallResource',
  scheduleEventId: 3,
  stepName: 's',
  resource: { kind: 'queue', arn: 'acs:mns:::/queues/tasks/messages', queueName: 'tasks' },
  pattern: 'waitForCallback',
  input: {},
  callId: 'c1-00000000000ab-3',
  taskToken: 'tok',
};
const meta = { $metadata: { httpStatusCode: 400 } };

describe('SQS and Lambda adapters: the exact requests', () => {
  beforeEach(() => {
    sqsMock.reset();
    lambdaMock.reset();
    dbMock.reset();
  });

  it('SqsDispatcher sends the work item as JSON (FIFO queues get group and dedup ids)', async () => {
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm' });
    const item = { type: 'FlushOutbox' as const, id: 'flush:1', executionKey };
    await new SqsDispatcher(sqs, 'https://q/work').enqueue(item);
    await new SqsDispatcher(sqs, 'https://q/work.fifo').enqueue(item);
    const [standard, fifo] = sqsMock.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
    assert.deepEqual(standard, { QueueUrl: 'https://q/work', MessageBody: JSON.stringify(item) });
    assert.equal(fifo?.MessageGroupId, 'f#e1');
    assert.match(fifo?.MessageDeduplicationId ?? '', /^[0-9a-f]{64}$/);
  });

  it('SqsTimers writes the record, then sends TimerFired with DelaySeconds clamped to 0..900', async () => {
    sqsMock.on(SendMessageCommand).resolves({});
    dbMock.on(UpdateCommand).resolves({});
    const records = new DynamoTimerRecords(new DynamoDBClient({ region: 'us-east-1' }), 'ex');
    const timers = new SqsTimers(sqs, 'https://q/timers', records, { now: () => 10_000 });
    await timers.schedule({ executionKey, timerId: 'w', fireAt: 12_001 });
    await timers.schedule({ executionKey, timerId: 'w', fireAt: 10_000 + 3_600_000 });
    await timers.schedule({ executionKey, timerId: 'w', fireAt: 5 });
    const sent = sqsMock.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
    assert.deepEqual(
      sent.map((input) => input.DelaySeconds),
      [3, 900, 0],
    );
    assert.deepEqual(JSON.parse(sent[0]?.MessageBody ?? ''), {
      type: 'TimerFired',
      id: 'timer:f/e1/w',
      executionKey,
      timerId: 'w',
      fireAt: 12_001,
    });
    assert.equal(sent[0]?.QueueUrl, 'https://q/timers');
    assert.equal(dbMock.commandCalls(UpdateCommand).length, 3);
  });

  it('SqsQueueSender looks the URL up once and sends string attributes; refusals are MNS codes', async () => {
    sqsMock.on(GetQueueUrlCommand).resolves({ QueueUrl: 'https://q/tasks' });
    sqsMock.on(SendMessageCommand).resolvesOnce({ MessageId: 'm1' }).resolvesOnce({ MessageId: 'm2' });
    const sender = new SqsQueueSender(sqs);
    const queue = { kind: 'queue' as const, arn: 'acs:mns:::/queues/tasks/messages', queueName: 'tasks' };
    const message = { body: '{"a":1}', attributes: { 'flowback.taskToken': 'tok' } };
    assert.deepEqual(await sender.send(queue, message), { ok: true, messageId: 'm1' });
    assert.deepEqual(await sender.send(queue, message), { ok: true, messageId: 'm2' });
    assert.equal(sqsMock.commandCalls(GetQueueUrlCommand).length, 1);
    assert.deepEqual(sqsMock.commandCalls(GetQueueUrlCommand)[0]?.args[0].input, { QueueName: 'tasks' });
    assert.deepEqual(sqsMock.commandCalls(SendMessageCommand)[0]?.args[0].input, {
      QueueUrl: 'https://q/tasks',
      MessageBody: '{"a":1}',
      MessageAttributes: { 'flowback.taskToken': { DataType: 'String', StringValue: 'tok' } },
    });
    sqsMock.on(GetQueueUrlCommand).rejects(new QueueDoesNotExist({ message: 'no such queue', ...meta }));
    const missing = await new SqsQueueSender(sqs).send({ ...queue, queueName: 'gone' }, message);
    assert.deepEqual(missing, { ok: false, code: 'QueueNotExist', message: 'no such queue' });
    sqsMock
      .on(GetQueueUrlCommand)
      .rejects(Object.assign(new Error('slow down'), { name: 'RequestThrottled', ...meta }));
    await assert.rejects(new SqsQueueSender(sqs).send(queue, message), /slow down/);
  });

  it('LambdaInvoker maps acs:fc to {s}-{f} with the qualifier, Lambda ARNs as is, or a given map', () => {
    assert.deepEqual(lambdaTarget(fc), { FunctionName: 'fnf-demo-echo', Qualifier: 'prod' });
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:echo:live';
    assert.deepEqual(lambdaTarget({ kind: 'function', arn, functionName: 'echo', qualifier: 'live' }), {
      FunctionName: arn,
    });
    assert.deepEqual(lambdaTarget(fc, { 'fnf-demo/echo': 'real-echo:3' }), { FunctionName: 'real-echo:3' });
  });

  it('LambdaInvoker: RequestResponse; output, function errors and refused requests', async () => {
    // The SDK wraps payloads in a blob adapter; the invoker reads them as plain bytes.
    const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)) as never;
    lambdaMock
      .on(InvokeCommand)
      .resolvesOnce({ StatusCode: 200, Payload: encode({ ok: 1 }) })
      .resolvesOnce({
        StatusCode: 200,
        FunctionError: 'Unhandled',
        Payload: encode({ errorType: 'OrderRejected', errorMessage: 'no stock' }),
      })
      .rejectsOnce(new TooManyRequestsException({ message: 'busy', ...meta }))
      .rejectsOnce(new ResourceNotFoundException({ message: 'nope', ...meta }))
      .rejectsOnce(new ServiceException({ message: 'boom', $metadata: {} }))
      .rejectsOnce(new Error('socket hang up'));
    const invoker = new LambdaInvoker(lambda);
    assert.deepEqual(await invoker.invoke(fc, { in: 1 }, context), { ok: true, output: { ok: 1 } });
    const input = lambdaMock.commandCalls(InvokeCommand)[0]?.args[0].input;
    assert.equal(input?.InvocationType, 'RequestResponse');
    assert.equal(input?.FunctionName, 'fnf-demo-echo');
    assert.equal(input?.Qualifier, 'prod');
    assert.equal(new TextDecoder().decode(input?.Payload as Uint8Array), '{"in":1}');
    const clientContext = JSON.parse(Buffer.from(input?.ClientContext ?? '', 'base64').toString('utf8'));
    assert.deepEqual(clientContext, { custom: { callId: 'c1-00000000000ab-3' } });
    assert.deepEqual(await invoker.invoke(fc, {}, context), {
      ok: false,
      error: 'OrderRejected',
      cause: 'no stock',
    });
    assert.deepEqual(await invoker.invoke(fc, {}, context), {
      ok: false,
      error: 'FC.ResourceThrottled',
      cause: 'busy',
    });
    assert.deepEqual(await invoker.invoke(fc, {}, context), {
      ok: false,
      error: 'FC.FunctionNotFound',
      cause: 'nope',
    });
    const internal = await invoker.invoke(fc, {}, context);
    assert.equal(internal.ok === false && internal.error, 'FC.InternalServerError');
    await assert.rejects(invoker.invoke(fc, {}, context), /socket hang up/);
  });

  it('LambdaInvoker: the client context carries the call id, far under Lambda’s limit', () => {
    // The longest ids: commands stored before call ids existed (`c0-{flow}-{execution}-{id}`).
    const callId = `c0-${'f'.repeat(128)}-${'e'.repeat(128)}-999999`;
    const encoded = clientContextOf({ ...context, callId });
    assert.ok(encoded.length < CLIENT_CONTEXT_LIMIT / 4, `${encoded.length} bytes`);
    assert.deepEqual(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')), { custom: { callId } });
  });

  it('SqsQueueSender sends flowback.callId as a string attribute', async () => {
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm' });
    const sender = new SqsQueueSender(sqs, { queueUrls: { tasks: 'https://q/tasks' } });
    const queue = { kind: 'queue' as const, arn: 'acs:mns:::/queues/tasks/messages', queueName: 'tasks' };
    const attributes = messageAttributes(executionKey, command);
    assert.equal(attributes['flowback.callId'], 'c1-00000000000ab-3');
    await sender.send(queue, { body: '{}', attributes });
    const sent = sqsMock.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageAttributes;
    assert.deepEqual(sent?.['flowback.callId'], { DataType: 'String', StringValue: 'c1-00000000000ab-3' });
  });
});
