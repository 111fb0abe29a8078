import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertIssue, assertOnlyIssue, firstStep, flowText, issuesOf } from './flow-test-helpers.ts';

/** A choice step `c` (line 4) with the given lines, then siblings `a` and `b`. */
function choice(...lines: string[]): string {
  return flowText(
    '  - type: choice',
    '    name: c',
    ...lines,
    '  - {type: pass, name: a}',
    '  - {type: pass, name: b}',
  );
}

describe('choice', () => {
  it('parses options with conditions, nested steps, goto and a default', () => {
    const step = firstStep(
      choice(
        '    choices:',
        '      - condition: $.status == "ok"',
        '        steps:',
        '          - {type: pass, name: inner}',
        '      - condition: $.n > 3',
        '        goto: b',
        '    default:',
        '      goto: a',
      ),
    );
    if (step.type !== 'choice') assert.fail('expected a choice');
    assert.equal(step.choices.length, 2);
    assert.equal(step.choices[0]?.condition, '$.status == "ok"');
    assert.equal(step.choices[0]?.expression.kind, 'compare');
    assert.deepEqual(
      step.choices[0]?.steps.map((s) => s.name),
      ['inner'],
    );
    assert.equal('goto' in (step.choices[0] ?? {}), false);
    assert.equal(step.choices[1]?.goto, 'b');
    assert.deepEqual(step.choices[1]?.steps, []);
    assert.deepEqual(step.default, { steps: [], goto: 'a' });
  });

  it('omits an absent default', () => {
    const step = firstStep(choice('    choices:', '      - condition: "true"'));
    assert.equal('default' in step, false);
  });

  it('requires a non-empty choices list', () => {
    assertOnlyIssue(choice(), {
      path: 'steps[0].choices',
      line: 4,
      column: 5,
      message: 'missing required field `choices`',
    });
    assertOnlyIssue(choice('    choices: []'), {
      path: 'steps[0].choices',
      line: 6,
      column: 14,
      message: '`choices` must not be empty',
    });
  });

  it('requires a condition in each option', () => {
    assertOnlyIssue(choice('    choices:', '      - goto: a'), {
      path: 'steps[0].choices[0].condition',
      line: 7,
      column: 9,
      message: 'missing required field `condition`',
    });
  });

  it('refuses a condition that is not a string', () => {
    assertOnlyIssue(choice('    choices:', '      - condition: 3'), {
      path: 'steps[0].choices[0].condition',
      line: 7,
      column: 20,
      message: '`condition` must be a string',
    });
  });

  it('reports a condition parse error at its column (plain scalar)', () => {
    const issue = assertOnlyIssue(choice('    choices:', '      - condition: $.a == 1 &&'), {
      path: 'steps[0].choices[0].condition',
      line: 7,
      column: 31,
      message: 'invalid condition `$.a == 1 &&`',
    });
    assert.ok(issue.message.length > 'invalid condition `$.a == 1 &&`: '.length);
  });

  it('reports a condition parse error at its column (double-quoted scalar)', () => {
    assertOnlyIssue(choice('    choices:', '      - condition: "$.a === 1"'), {
      path: 'steps[0].choices[0].condition',
      line: 7,
      column: 25,
      message: 'invalid condition',
    });
  });

  it('reports a multi-line condition error at the node', () => {
    assertOnlyIssue(choice('    choices:', '      - condition: >-', '          $.a ==', '          =='), {
      path: 'steps[0].choices[0].condition',
      line: 7,
      column: 20,
      message: 'invalid condition',
    });
  });

  it('rejects a goto that is not a sibling', () => {
    assertOnlyIssue(
      choice(
        '    choices:',
        '      - condition: $.x == 1',
        '        goto: inner',
        '        steps: [{type: pass, name: inner}]',
      ),
      {
        path: 'steps[0].choices[0].goto',
        line: 8,
        column: 15,
        message: 'goto target `inner` is not a sibling step of `c`',
      },
    );
  });

  it('suggests a close sibling for a mistyped goto', () => {
    assertOnlyIssue(choice('    choices:', '      - condition: $.x == 1', '        goto: B'), {
      path: 'steps[0].choices[0].goto',
      line: 8,
      column: 15,
      message: 'did you mean `b`?',
    });
  });

  it('rejects a default goto that is not a sibling', () => {
    assertOnlyIssue(
      choice('    choices:', '      - condition: $.x == 1', '    default:', '      goto: nowhere'),
      {
        path: 'steps[0].default.goto',
        line: 9,
        column: 13,
        message: 'goto target `nowhere` is not a sibling step of `c`',
      },
    );
  });

  it('refuses a default that is not a mapping (the non-FDL string form)', () => {
    assertOnlyIssue(choice('    choices:', '      - condition: $.x == 1', '    default: a'), {
      path: 'steps[0].default',
      line: 8,
      column: 14,
      message: '`default` (with `steps` and/or `goto`) must be a mapping',
    });
  });

  it('refuses unknown fields in options and default', () => {
    const issues = issuesOf(
      choice(
        '    choices:',
        '      - condition: $.x == 1',
        '        next: a',
        '    default:',
        '      step: []',
      ),
    );
    assertIssue(issues, {
      path: 'steps[0].choices[0].next',
      line: 8,
      column: 9,
      message: 'unknown field `next`',
    });
    assertIssue(issues, {
      path: 'steps[0].default.step',
      line: 10,
      column: 7,
      message: 'did you mean `steps`?',
    });
  });

  it('refuses an empty steps list in an option', () => {
    assertOnlyIssue(choice('    choices:', '      - condition: $.x == 1', '        steps: []'), {
      path: 'steps[0].choices[0].steps',
      line: 8,
      column: 16,
      message: '`steps` must not be empty',
    });
  });

  it('refuses an option that is not a mapping', () => {
    assertOnlyIssue(choice('    choices:', '      - $.x == 1'), {
      path: 'steps[0].choices[0]',
      line: 7,
      column: 9,
      message: 'a choice option must be a mapping',
    });
  });
});
