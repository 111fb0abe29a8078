/**
 * IAM refusals of the engine's calls become the non-retryable flow errors `FC.AccessDenied` and
 * `MNS.AccessDenied`, with a cause naming the missing grant and the value to add; they never pass for
 * `FC.InternalServerError` (which flows retry) and never throw (no redelivery).
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { isAccessDenied } from '../../../../lib/adapters/aws/access-denied.ts';
import { LambdaInvoker, SqsQueueSender } from '../../../../lib/adapters/aws/index.ts';
import type { FunctionResource } from '../../../../lib/ports/invoker.ts';

const lambdaMock = mockClient(LambdaClient);
const sqsMock = mockClient(SQSClient);
const context = {
  executionKey: { flowName: 'f', executionName: 'e' },
  stepName: 's',
  scheduleEventId: 3,
  callId: 'c1-x',
};
const fc: FunctionResource = {
  kind: 'function',
  arn: 'acs:fc:::services/fnf-demo/functions/echo',
  service: 'fnf-demo',
  functionName: 'echo',
};
const queue = { kind: 'queue' as const, arn: 'acs:mns:::/queues/tasks/messages', queueName: 'tasks' };
const message = { body: '{}', attributes: {} };

/** An IAM refusal as the SDK raises it (an error the client does not model: a plain service exception). */
function denied(name: string, text: string): Error {
  return Object.assign(new Error(text), { name, $fault: 'client', $metadata: { httpStatusCode: 403 } });
}

describe('IAM refusals', () => {
  beforeEach(() => {
    lambdaMock.reset();
    sqsMock.reset();
  });

  it('are recognised by name on a service answer only', () => {
    assert.equal(isAccessDenied(denied('AccessDeniedException', 'no')), true);
    assert.equal(isAccessDenied(denied('AccessDenied', 'no')), true);
    assert.equal(isAccessDenied(denied('ResourceNotFoundException', 'no')), false);
    assert.equal(isAccessDenied(Object.assign(new Error('no'), { name: 'AccessDenied' })), false);
  });

  it('Lambda: FC.AccessDenied naming lambda:InvokeFunction on the function and how to grant it', async () => {
    lambdaMock
      .on(InvokeCommand)
      .rejects(
        denied(
          'AccessDeniedException',
          'User: arn:aws:sts::1:assumed-role/EngineWorkerRole is not authorized to perform: lambda:InvokeFunction',
        ),
      );
    const result = await new LambdaInvoker(new LambdaClient({ region: 'us-east-1' })).invoke(fc, {}, context);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.error, 'FC.AccessDenied');
    assert.match(result.cause, /not granted lambda:InvokeFunction on fnf-demo-echo/);
    assert.match(result.cause, /-c existingFunctions=fnf-demo-echo/);
    assert.match(result.cause, /functionsDir/);
    assert.match(result.cause, /is not authorized to perform: lambda:InvokeFunction/);
  });

  it('Lambda: a qualified function is named with its qualifier', async () => {
    lambdaMock.on(InvokeCommand).rejects(denied('AccessDeniedException', 'denied'));
    const result = await new LambdaInvoker(new LambdaClient({ region: 'us-east-1' })).invoke(
      { ...fc, qualifier: 'prod' },
      {},
      context,
    );
    assert.ok(!result.ok && result.cause.includes('on fnf-demo-echo:prod'));
  });

  it('SQS: MNS.AccessDenied (from GetQueueUrl or SendMessage) naming the queue and how to grant it', async () => {
    const sqs = new SQSClient({ region: 'us-east-1' });
    sqsMock
      .on(GetQueueUrlCommand)
      .rejects(denied('AccessDenied', 'not authorized to perform: sqs:getqueueurl'));
    const lookup = await new SqsQueueSender(sqs).send(queue, message);
    assert.equal(lookup.ok, false);
    if (lookup.ok) return;
    assert.equal(lookup.code, 'AccessDenied');
    assert.match(lookup.message, /not granted sqs:GetQueueUrl and sqs:SendMessage on queue tasks/);
    assert.match(lookup.message, /-c existingQueues=tasks/);

    sqsMock.reset();
    sqsMock
      .on(SendMessageCommand)
      .rejects(denied('AccessDeniedException', 'not authorized: sqs:sendmessage'));
    const send = await new SqsQueueSender(sqs, { queueUrls: { tasks: 'https://q/tasks' } }).send(
      queue,
      message,
    );
    assert.ok(!send.ok && send.code === 'AccessDenied' && send.message.includes('existingQueues=tasks'));
  });
});
