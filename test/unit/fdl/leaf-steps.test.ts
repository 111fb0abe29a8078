import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_WAIT_SECONDS } from '../../../lib/fdl/index.ts';
import { assertOnlyIssue, firstStep, flowText } from './flow-test-helpers.ts';

function wait(...lines: string[]): string {
  return flowText('  - type: wait', '    name: w', ...lines);
}

describe('wait', () => {
  it('accepts a constant duration, including 0 and the 2-day maximum', () => {
    for (const duration of [0, 1.5, MAX_WAIT_SECONDS]) {
      const step = firstStep(wait(`    duration: ${duration}`));
      assert.equal(step.type === 'wait' && step.duration, duration);
    }
  });

  it('accepts a duration path and a timestamp path', () => {
    const byDuration = firstStep(wait('    duration: $.seconds'));
    assert.equal(byDuration.type === 'wait' && byDuration.duration, '$.seconds');
    const byTimestamp = firstStep(wait('    timestamp: $input.when'));
    assert.equal(byTimestamp.type === 'wait' && byTimestamp.timestamp, '$input.when');
    assert.equal('duration' in byTimestamp, false);
  });

  it('accepts an RFC 3339 timestamp with an offset and fractional seconds', () => {
    const step = firstStep(wait('    timestamp: "2024-02-29T23:59:59.5+08:00"'));
    assert.equal(step.type === 'wait' && step.timestamp, '2024-02-29T23:59:59.5+08:00');
  });

  it('refuses a duration over 2 days', () => {
    assertOnlyIssue(wait(`    duration: ${MAX_WAIT_SECONDS + 1}`), {
      path: 'steps[0].duration',
      line: 6,
      column: 15,
      message: ['from 0 to 172800', 'got the number 172801'],
    });
  });

  it('refuses a negative duration and a non-path string duration', () => {
    assertOnlyIssue(wait('    duration: -1'), {
      path: 'steps[0].duration',
      line: 6,
      column: 15,
      message: 'from 0 to 172800',
    });
    assertOnlyIssue(wait('    duration: ten'), {
      path: 'steps[0].duration',
      line: 6,
      column: 15,
      message: 'got the string "ten"',
    });
  });

  it('refuses an invalid duration path', () => {
    assertOnlyIssue(wait('    duration: $.a[?(@.b)]'), {
      path: 'steps[0].duration',
      line: 6,
      column: 15,
      message: 'invalid path `$.a[?(@.b)]`',
    });
  });

  it('refuses a timestamp that is not RFC 3339', () => {
    for (const bad of ['2019-05-02', '2019-02-30T00:00:00Z', '2019-05-02T15:04:05', 'tomorrow']) {
      assertOnlyIssue(wait(`    timestamp: "${bad}"`), {
        path: 'steps[0].timestamp',
        line: 6,
        column: 16,
        message: '`timestamp` must be an RFC 3339 date-time',
      });
    }
  });

  it('refuses a numeric timestamp', () => {
    assertOnlyIssue(wait('    timestamp: 1700000000'), {
      path: 'steps[0].timestamp',
      line: 6,
      column: 16,
      message: 'got the number 1700000000',
    });
  });

  it('requires exactly one of duration and timestamp', () => {
    assertOnlyIssue(wait(), { path: 'steps[0]', line: 4, column: 5, message: 'got neither' });
    assertOnlyIssue(wait('    duration: 1', '    timestamp: 2019-05-02T15:04:05Z'), {
      path: 'steps[0].timestamp',
      line: 7,
      column: 5,
      message: 'exactly one of `duration` and `timestamp`, got both',
    });
  });
});

describe('pass, succeed and fail', () => {
  it('parses a pass step with mappings', () => {
    const step = firstStep(
      flowText('  - type: pass', '    name: p', '    inputMappings:', '      - {target: a, source: $.a}'),
    );
    assert.deepEqual(step, {
      type: 'pass',
      name: 'p',
      position: { line: 4, column: 5 },
      end: false,
      inputMappings: [{ target: 'a', source: '$.a' }],
    });
  });

  it('parses a succeed step without `end`', () => {
    assert.deepEqual(firstStep(flowText('  - {type: succeed, name: ok}')), {
      type: 'succeed',
      name: 'ok',
      position: { line: 4, column: 5 },
    });
  });

  it('parses a fail step with error and cause, and without them', () => {
    const full = firstStep(flowText('  - {type: fail, name: f, error: Rejected, cause: "bad input"}'));
    assert.deepEqual(full, {
      type: 'fail',
      name: 'f',
      position: { line: 4, column: 5 },
      error: 'Rejected',
      cause: 'bad input',
    });
    const bare = firstStep(flowText('  - {type: fail, name: f}'));
    assert.equal('error' in bare || 'cause' in bare, false);
  });

  it('refuses a fail error that is not a non-empty string', () => {
    assertOnlyIssue(flowText('  - {type: fail, name: f, error: ""}'), {
      path: 'steps[0].error',
      line: 4,
      column: 34,
      message: '`error` must not be empty',
    });
    assertOnlyIssue(flowText('  - {type: fail, name: f, cause: [x]}'), {
      path: 'steps[0].cause',
      line: 4,
      column: 34,
      message: '`cause` must be a string, got a list',
    });
  });
});
