import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseResourceArn, SUPPORTED_PATTERNS } from '../../../lib/fdl/index.ts';

function resourceOf(arn: string) {
  const result = parseResourceArn(arn);
  if (!result.ok) assert.fail(`expected ${arn} to parse: ${result.message}`);
  return result.resource;
}

function messageOf(arn: string): string {
  const result = parseResourceArn(arn);
  if (result.ok) assert.fail(`expected ${arn} to be refused`);
  return result.message;
}

describe('parseResourceArn', () => {
  it('parses an FC function with empty region and account', () => {
    assert.deepEqual(resourceOf('acs:fc:::services/svc/functions/fn'), {
      kind: 'function',
      arn: 'acs:fc:::services/svc/functions/fn',
      service: 'svc',
      functionName: 'fn',
    });
  });

  it('parses an FC function with a region, an account and a qualifier', () => {
    assert.deepEqual(resourceOf('acs:fc:cn-hangzhou:123:services/svc.prod/functions/fn'), {
      kind: 'function',
      arn: 'acs:fc:cn-hangzhou:123:services/svc.prod/functions/fn',
      service: 'svc',
      qualifier: 'prod',
      functionName: 'fn',
      region: 'cn-hangzhou',
      account: '123',
    });
  });

  it('parses a Lambda ARN with and without a qualifier', () => {
    assert.deepEqual(resourceOf('arn:aws:lambda:eu-west-1:123456789012:function:worker'), {
      kind: 'function',
      arn: 'arn:aws:lambda:eu-west-1:123456789012:function:worker',
      functionName: 'worker',
      region: 'eu-west-1',
      account: '123456789012',
    });
    const qualified = resourceOf('arn:aws:lambda:eu-west-1:123456789012:function:worker:$LATEST');
    assert.equal(qualified.kind === 'function' && qualified.qualifier, '$LATEST');
  });

  it('parses MNS queues with and without region and account', () => {
    assert.deepEqual(resourceOf('acs:mns:::/queues/jobs/messages'), {
      kind: 'queue',
      arn: 'acs:mns:::/queues/jobs/messages',
      queueName: 'jobs',
    });
    assert.deepEqual(resourceOf('acs:mns:cn-shanghai:42:/queues/jobs/messages'), {
      kind: 'queue',
      arn: 'acs:mns:cn-shanghai:42:/queues/jobs/messages',
      queueName: 'jobs',
      region: 'cn-shanghai',
      account: '42',
    });
  });

  it('parses an SQS queue ARN', () => {
    assert.deepEqual(resourceOf('arn:aws:sqs:us-east-1:000000000000:work-queue'), {
      kind: 'queue',
      arn: 'arn:aws:sqs:us-east-1:000000000000:work-queue',
      queueName: 'work-queue',
      region: 'us-east-1',
      account: '000000000000',
    });
  });

  it('parses a child flow with or without region', () => {
    assert.deepEqual(resourceOf('acs:fnf:::flow/child_flow'), {
      kind: 'flow',
      arn: 'acs:fnf:::flow/child_flow',
      flowName: 'child_flow',
    });
    assert.equal(resourceOf('acs:fnf:cn-hangzhou::flow/child').kind, 'flow');
  });

  it('refuses a child flow with an invalid name', () => {
    assert.match(
      messageOf('acs:fnf:::flow/9lives'),
      /invalid child flow in resourceArn: flow name `9lives` is invalid/,
    );
  });

  it('refuses MNS topics, saying only queues are supported', () => {
    assert.match(messageOf('acs:mns:::/topics/news/messages'), /MNS topics are not supported.*only queues/);
  });

  it('refuses a queue name SQS cannot hold', () => {
    assert.match(messageOf('acs:mns:::/queues/bad name/messages'), /invalid queue name `bad name`/);
  });

  it('refuses anything else, listing the supported forms', () => {
    for (const arn of [
      '',
      'acs:fc:::services/s/functions/',
      'arn:aws:lambda:::function:f',
      'acs:oss:::bucket/x',
    ]) {
      const message = messageOf(arn);
      assert.match(message, /^unsupported resourceArn/);
      assert.match(message, /acs:fnf:\{region\}:\{account\}:flow\/\{name\}/);
    }
  });

  it('declares the supported patterns per resource kind', () => {
    assert.deepEqual(SUPPORTED_PATTERNS.queue, ['requestResponse', 'waitForCallback']);
    assert.deepEqual(SUPPORTED_PATTERNS.function, ['requestResponse', 'sync', 'waitForCallback']);
    assert.deepEqual(SUPPORTED_PATTERNS.flow, ['requestResponse', 'sync', 'waitForCallback']);
  });
});
