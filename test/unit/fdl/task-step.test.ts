import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertOnlyIssue, firstStep, flowText } from './flow-test-helpers.ts';

const FC = 'acs:fc:::services/s/functions/f';
const QUEUE = 'acs:mns:::/queues/jobs/messages';

/** A task step named `t` with the given extra lines (the task starts at line 4, extras at line 7). */
function task(...lines: string[]): string {
  return flowText(
    '  - type: task',
    '    name: t',
    `    resourceArn: ${FC}`,
    ...lines,
    '  - {type: pass, name: done}',
  );
}

describe('task', () => {
  it('fills in the defaults: pattern, retry, catch, end', () => {
    const step = firstStep(task());
    assert.deepEqual(step, {
      type: 'task',
      name: 't',
      position: { line: 4, column: 5 },
      end: false,
      resourceArn: FC,
      resource: { kind: 'function', arn: FC, service: 's', functionName: 'f' },
      pattern: 'requestResponse',
      retry: [],
      catch: [],
    });
  });

  it('keeps timeoutSeconds, heartbeatSeconds and serviceParams', () => {
    const step = firstStep(
      task(
        '    pattern: waitForCallback',
        '    timeoutSeconds: 60',
        '    heartbeatSeconds: 10',
        '    serviceParams:',
        '      MessageBody: $',
        '      Nested: {a: [1, true, null]}',
      ),
    );
    if (step.type !== 'task') assert.fail('expected a task');
    assert.equal(step.timeoutSeconds, 60);
    assert.equal(step.heartbeatSeconds, 10);
    assert.deepEqual(step.serviceParams, { MessageBody: '$', Nested: { a: [1, true, null] } });
  });

  it('requires resourceArn', () => {
    assertOnlyIssue(flowText('  - type: task', '    name: t'), {
      path: 'steps[0].resourceArn',
      line: 4,
      column: 5,
      message: 'missing required field `resourceArn`',
    });
  });

  it('refuses an unsupported resourceArn, listing the supported forms', () => {
    assertOnlyIssue(flowText('  - type: task', '    name: t', '    resourceArn: arn:aws:s3:::bucket'), {
      path: 'steps[0].resourceArn',
      line: 6,
      column: 18,
      message: ['unsupported resourceArn `arn:aws:s3:::bucket`', 'acs:fc:{region}', 'arn:aws:sqs'],
    });
  });

  it('refuses an MNS topic, saying only queues are supported', () => {
    assertOnlyIssue(
      flowText('  - type: task', '    name: t', '    resourceArn: acs:mns:::/topics/news/messages'),
      {
        path: 'steps[0].resourceArn',
        line: 6,
        column: 18,
        message: ['MNS topics are not supported', 'only queues'],
      },
    );
  });

  it('refuses an unknown pattern with a suggestion', () => {
    assertOnlyIssue(task('    pattern: waitforcallback'), {
      path: 'steps[0].pattern',
      line: 7,
      column: 14,
      message: ['unknown pattern `waitforcallback`', 'did you mean `waitForCallback`?'],
    });
  });

  it('refuses `sync` on a queue', () => {
    assertOnlyIssue(
      flowText('  - type: task', '    name: t', `    resourceArn: ${QUEUE}`, '    pattern: sync'),
      {
        path: 'steps[0].pattern',
        line: 7,
        column: 14,
        message:
          'pattern `sync` is not supported for a queue resource (only requestResponse and waitForCallback)',
      },
    );
  });

  it('accepts waitForCallback on a queue and sync on a child flow', () => {
    const queue = firstStep(
      flowText('  - type: task', '    name: t', `    resourceArn: ${QUEUE}`, '    pattern: waitForCallback'),
    );
    assert.equal(queue.type === 'task' && queue.resource.kind, 'queue');
    const child = firstStep(
      flowText('  - type: task', '    name: t', '    resourceArn: acs:fnf:::flow/child', '    pattern: sync'),
    );
    assert.deepEqual(child.type === 'task' && child.resource, {
      kind: 'flow',
      arn: 'acs:fnf:::flow/child',
      flowName: 'child',
    });
  });

  it('refuses a timeoutSeconds that is not a positive integer', () => {
    assertOnlyIssue(task('    timeoutSeconds: 0'), {
      path: 'steps[0].timeoutSeconds',
      line: 7,
      column: 21,
      message: '`timeoutSeconds` must be a positive integer, got the number 0',
    });
  });

  it('refuses a heartbeatSeconds that is not a positive integer', () => {
    assertOnlyIssue(task('    heartbeatSeconds: "10"'), {
      path: 'steps[0].heartbeatSeconds',
      line: 7,
      column: 23,
      message: 'must be a positive integer, got the string "10"',
    });
  });

  it('refuses heartbeatSeconds not below timeoutSeconds', () => {
    assertOnlyIssue(task('    timeoutSeconds: 30', '    heartbeatSeconds: 30'), {
      path: 'steps[0].heartbeatSeconds',
      line: 8,
      column: 23,
      message: '`heartbeatSeconds` (30) must be less than `timeoutSeconds` (30)',
    });
  });

  it('refuses serviceParams that is not a mapping', () => {
    assertOnlyIssue(task('    serviceParams: [1]'), {
      path: 'steps[0].serviceParams',
      line: 7,
      column: 20,
      message: '`serviceParams` must be a mapping',
    });
  });

  it('checks `$` paths among serviceParams values', () => {
    assertOnlyIssue(task('    serviceParams:', '      Input: $.items[?(@.x)]'), {
      path: 'steps[0].serviceParams.Input',
      line: 8,
      column: 14,
      message: 'invalid path `$.items[?(@.x)]`',
    });
  });

  it('refuses constants that JSON cannot hold', () => {
    assertOnlyIssue(task('    serviceParams:', '      n: .nan'), {
      path: 'steps[0].serviceParams.n',
      line: 8,
      column: 10,
      message: 'not representable in JSON',
    });
  });
});
