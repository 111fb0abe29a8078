import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertIssue, assertOnlyIssue, firstStep, flowText, issuesOf } from './flow-test-helpers.ts';

const FC = 'acs:fc:::services/s/functions/f';

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

describe('task retry', () => {
  it('fills in the retry defaults', () => {
    const step = firstStep(task('    retry:', '      - errors: [FC.ResourceThrottled]'));
    assert.deepEqual(step.type === 'task' && step.retry, [
      {
        errors: ['FC.ResourceThrottled'],
        intervalSeconds: 1,
        maxIntervalSeconds: 86400,
        maxAttempts: 3,
        multiplier: 2,
      },
    ]);
  });

  it('accepts the limits: interval 0 and 86400, maxAttempts 0, multiplier 1', () => {
    const step = firstStep(
      task(
        '    retry:',
        '      - errors: [a]',
        '        intervalSeconds: 0',
        '        maxIntervalSeconds: 86400',
        '        maxAttempts: 0',
        '        multiplier: 1',
      ),
    );
    assert.deepEqual(step.type === 'task' && step.retry[0], {
      errors: ['a'],
      intervalSeconds: 0,
      maxIntervalSeconds: 86400,
      maxAttempts: 0,
      multiplier: 1,
    });
  });

  it('requires errors', () => {
    assertOnlyIssue(task('    retry:', '      - intervalSeconds: 2'), {
      path: 'steps[0].retry[0].errors',
      line: 8,
      column: 9,
      message: 'missing required field `errors`',
    });
  });

  it('refuses an empty errors list', () => {
    assertOnlyIssue(task('    retry:', '      - errors: []'), {
      path: 'steps[0].retry[0].errors',
      line: 8,
      column: 17,
      message: '`errors` must not be empty',
    });
  });

  it('refuses an error name that is not a string', () => {
    assertOnlyIssue(task('    retry:', '      - errors: [FnF.ALL, 42]'), {
      path: 'steps[0].retry[0].errors[1]',
      line: 8,
      column: 27,
      message: 'expected a non-empty string, got the number 42',
    });
  });

  it('refuses an interval over 86400 seconds', () => {
    assertOnlyIssue(task('    retry:', '      - errors: [a]', '        intervalSeconds: 86401'), {
      path: 'steps[0].retry[0].intervalSeconds',
      line: 9,
      column: 26,
      message: 'a number from 0 to 86400',
    });
  });

  it('refuses a negative maxIntervalSeconds', () => {
    assertOnlyIssue(task('    retry:', '      - errors: [a]', '        maxIntervalSeconds: -1'), {
      path: 'steps[0].retry[0].maxIntervalSeconds',
      line: 9,
      column: 29,
      message: 'a number from 0 to 86400',
    });
  });

  it('refuses a fractional or negative maxAttempts', () => {
    const issues = issuesOf(
      task(
        '    retry:',
        '      - errors: [a]',
        '        maxAttempts: 1.5',
        '      - errors: [b]',
        '        maxAttempts: -1',
      ),
    );
    assertIssue(issues, {
      path: 'steps[0].retry[0].maxAttempts',
      line: 9,
      column: 22,
      message: 'an integer ≥ 0',
    });
    assertIssue(issues, {
      path: 'steps[0].retry[1].maxAttempts',
      line: 11,
      column: 22,
      message: 'an integer ≥ 0',
    });
  });

  it('refuses a multiplier below 1', () => {
    assertOnlyIssue(task('    retry:', '      - errors: [a]', '        multiplier: 0.5'), {
      path: 'steps[0].retry[0].multiplier',
      line: 9,
      column: 21,
      message: '`multiplier` must be a number ≥ 1, got the number 0.5',
    });
  });

  it('refuses an unknown retry field with a suggestion', () => {
    assertOnlyIssue(task('    retry:', '      - errors: [a]', '        maxAttempt: 2'), {
      path: 'steps[0].retry[0].maxAttempt',
      line: 9,
      column: 9,
      message: 'did you mean `maxAttempts`?',
    });
  });

  it('refuses retry that is not a list, and an entry that is not a mapping', () => {
    assertOnlyIssue(task('    retry: {errors: [a]}'), {
      path: 'steps[0].retry',
      line: 7,
      column: 12,
      message: '`retry` must be a list',
    });
    assertOnlyIssue(task('    retry:', '      - FnF.ALL'), {
      path: 'steps[0].retry[0]',
      line: 8,
      column: 9,
      message: 'each `retry` entry must be a mapping',
    });
  });
});

describe('task catch and errorMappings', () => {
  it('requires errors and goto in a catch rule', () => {
    const issues = issuesOf(task('    catch:', '      - {}'));
    assertIssue(issues, {
      path: 'steps[0].catch[0].errors',
      line: 8,
      column: 9,
      message: 'missing required field `errors`',
    });
    assertIssue(issues, {
      path: 'steps[0].catch[0].goto',
      line: 8,
      column: 9,
      message: 'missing required field `goto`',
    });
  });

  it('accepts a catch goto to a sibling of the task (itself included)', () => {
    const step = firstStep(
      task(
        '    catch:',
        '      - errors: [a]',
        '        goto: done',
        '      - errors: [b]',
        '        goto: t',
      ),
    );
    assert.deepEqual(step.type === 'task' && step.catch, [
      { errors: ['a'], goto: 'done' },
      { errors: ['b'], goto: 't' },
    ]);
  });

  it('rejects a catch goto that is not a sibling of the task', () => {
    const text = flowText(
      '  - type: parallel',
      '    name: par',
      '    branches:',
      '      - steps:',
      '          - type: task',
      '            name: t',
      `            resourceArn: ${FC}`,
      '            catch:',
      '              - errors: [FnF.ALL]',
      '                goto: after',
      '  - {type: pass, name: after}',
    );
    assertOnlyIssue(text, {
      path: 'steps[0].branches[0].steps[0].catch[0].goto',
      line: 13,
      column: 23,
      message: 'goto target `after` is not a sibling step of `t`',
    });
  });

  it('refuses an empty goto', () => {
    assertOnlyIssue(task('    catch:', '      - errors: [a]', '        goto: ""'), {
      path: 'steps[0].catch[0].goto',
      line: 9,
      column: 15,
      message: '`goto` must not be empty',
    });
  });

  it('refuses an errorMappings source other than $local.error / $local.cause', () => {
    assertOnlyIssue(task('    errorMappings:', '      - target: e', '        source: $local.code'), {
      path: 'steps[0].errorMappings[0].source',
      line: 9,
      column: 17,
      message:
        'errorMappings sources may only be `$local.error` or `$local.cause` (or a constant), got `$local.code`',
    });
  });

  it('accepts constants in errorMappings', () => {
    const step = firstStep(task('    errorMappings:', '      - target: handled', '        source: true'));
    assert.deepEqual(step.type === 'task' && step.errorMappings, [{ target: 'handled', source: true }]);
  });
});
