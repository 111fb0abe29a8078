import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertIssue, assertOnlyIssue, definitionOf, flowText, issuesOf } from './flow-test-helpers.ts';

describe('steps: common fields', () => {
  it('requires `type` on a step', () => {
    assertOnlyIssue(flowText('  - name: a'), {
      path: 'steps[0].type',
      line: 4,
      column: 5,
      message: 'missing required field `type`',
    });
  });

  it('refuses an unknown step type with a suggestion', () => {
    assertOnlyIssue(flowText('  - type: tsak', '    name: a'), {
      path: 'steps[0].type',
      line: 4,
      column: 11,
      message: ['unknown step type `tsak`', 'did you mean `task`?', 'expected one of task, pass, choice'],
    });
  });

  it('still checks the fields of a step whose type is unknown against all step fields', () => {
    const issues = issuesOf(
      flowText('  - type: nope', '    name: a', '    resourceArn: x', '    colour: red'),
    );
    assert.equal(issues.length, 2);
    assertIssue(issues, { path: 'steps[0].colour', line: 7, column: 5, message: 'unknown field `colour`' });
  });

  it('requires `name` on a step', () => {
    assertOnlyIssue(flowText('  - type: pass'), {
      path: 'steps[0].name',
      line: 4,
      column: 5,
      message: 'missing required field `name`',
    });
  });

  it('refuses a step name that does not match the name rule', () => {
    assertOnlyIssue(flowText('  - type: pass', '    name: 1st'), {
      path: 'steps[0].name',
      line: 5,
      column: 11,
      message: 'step name `1st` is invalid',
    });
  });

  it('refuses a step name longer than 128 characters', () => {
    assertOnlyIssue(flowText('  - type: pass', `    name: ${'a'.repeat(129)}`), {
      path: 'steps[0].name',
      line: 5,
      column: 11,
      message: 'must be 1–128 characters long (got 129)',
    });
  });

  it('accepts a step name of exactly 128 characters', () => {
    assert.equal(
      definitionOf(flowText('  - type: pass', `    name: ${'a'.repeat(128)}`)).steps[0]?.name.length,
      128,
    );
  });

  it('refuses a step name that is not a string', () => {
    assertOnlyIssue(flowText('  - type: pass', '    name: 12'), {
      path: 'steps[0].name',
      line: 5,
      column: 11,
      message: '`name` must be a string, got the number 12',
    });
  });

  it('refuses a duplicate sibling name at the second occurrence', () => {
    assertOnlyIssue(flowText('  - type: pass', '    name: a', '  - type: pass', '    name: a'), {
      path: 'steps[1].name',
      line: 7,
      column: 11,
      message: ['duplicate step name `a`', 'line 5'],
    });
  });

  it('allows the same name in different step lists', () => {
    const text = flowText(
      '  - type: parallel',
      '    name: a',
      '    branches:',
      '      - steps: [{type: pass, name: a}]',
      '      - steps: [{type: pass, name: a}]',
    );
    assert.equal(definitionOf(text).steps.length, 1);
  });

  it('refuses a step that is not a mapping', () => {
    assertOnlyIssue(flowText('  - pass'), {
      path: 'steps[0]',
      line: 4,
      column: 5,
      message: 'a step must be a mapping',
    });
  });

  it('refuses a field of another step type, naming the types that have it', () => {
    assertOnlyIssue(flowText('  - type: pass', '    name: p', '    retry: []'), {
      path: 'steps[0].retry',
      line: 6,
      column: 5,
      message: 'field `retry` is not allowed on a pass step (only on: task)',
    });
  });

  it('refuses `end` on succeed and fail steps', () => {
    const issues = issuesOf(
      flowText('  - {type: succeed, name: s, end: true}', '  - {type: fail, name: f, end: true}'),
    );
    assertIssue(issues, {
      path: 'steps[0].end',
      line: 4,
      column: 30,
      message: 'not allowed on a succeed step',
    });
    assertIssue(issues, { path: 'steps[1].end', line: 5, column: 27, message: 'not allowed on a fail step' });
  });

  it('refuses an unknown step field with a case-insensitive suggestion', () => {
    assertOnlyIssue(
      flowText(
        '  - type: task',
        '    name: t',
        '    resourceArn: acs:fc:::services/s/functions/f',
        '    PATTERN: sync',
      ),
      {
        path: 'steps[0].PATTERN',
        line: 7,
        column: 5,
        message: 'unknown field `PATTERN` (did you mean `pattern`?)',
      },
    );
  });

  it('offers no suggestion when nothing is close', () => {
    const issue = assertOnlyIssue(flowText('  - type: pass', '    name: p', '    zzzzzz: 1'), {
      path: 'steps[0].zzzzzz',
      line: 6,
      column: 5,
      message: 'unknown field `zzzzzz`',
    });
    assert.doesNotMatch(issue.message, /did you mean/);
  });

  it('defaults `end` to false and keeps `end: true`', () => {
    const steps = definitionOf(
      flowText('  - {type: pass, name: a, end: true}', '  - {type: pass, name: b}'),
    ).steps;
    assert.deepEqual(
      steps.map((s) => 'end' in s && s.end),
      [true, false],
    );
  });

  it('records the position of every step, nested ones included', () => {
    const definition = definitionOf(
      flowText(
        '  - type: foreach',
        '    name: f',
        '    iterationMapping: {collection: $.xs, item: x}',
        '    steps:',
        '      - type: pass',
        '        name: inner',
      ),
    );
    const foreach = definition.steps[0];
    assert.deepEqual(foreach?.position, { line: 4, column: 5 });
    assert.deepEqual(foreach?.type === 'foreach' && foreach.steps[0]?.position, { line: 8, column: 9 });
  });
});

describe('validation reports every problem at once', () => {
  it('returns all issues of a definition with many mistakes, sorted by position', () => {
    const text = [
      'version: v2',
      'type: flow',
      'extra: 1',
      'steps:',
      '  - type: task',
      '    name: t1',
      '    resourceARN: acs:fc:::services/a/functions/b',
      '    pattern: synch',
      '    catch:',
      '      - errors: [FnF.ALL]',
      '        goto: fianl',
      '  - type: choice',
      '    name: c',
      '    choices:',
      '      - condition: $.a >> 1',
      '  - type: pass',
      '    name: t1',
      '  - name: final',
      '    type: wait',
      '    duration: 200000',
      '',
    ].join('\n');
    const issues = issuesOf(text);
    assert.deepEqual(
      issues.map((issue) => issue.path),
      [
        'version',
        'extra',
        'steps[0].resourceArn',
        'steps[0].resourceARN',
        'steps[0].pattern',
        'steps[0].catch[0].goto',
        'steps[1].choices[0].condition',
        'steps[2].name',
        'steps[3].duration',
      ],
    );
    const positions = issues.map((issue) => [issue.line, issue.column]);
    const sorted = [...positions].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0));
    assert.deepEqual(positions, sorted);
    assertIssue(issues, {
      path: 'steps[0].resourceARN',
      line: 7,
      column: 5,
      message: 'did you mean `resourceArn`?',
    });
    assertIssue(issues, {
      path: 'steps[0].catch[0].goto',
      line: 11,
      column: 15,
      message: 'did you mean `final`?',
    });
  });
});
