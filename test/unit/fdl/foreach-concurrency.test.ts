import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_FOREACH_CONCURRENCY } from '../../../lib/fdl/index.ts';
import { assertOnlyIssue, firstStep, flowText } from './flow-test-helpers.ts';

/** A foreach step with `lines` between its iterationMapping and its steps (line 6 on). */
function foreach(...lines: string[]): string {
  return flowText(
    '  - type: foreach',
    '    name: each',
    '    iterationMapping: {collection: $.xs, item: x}',
    ...lines,
    '    steps: [{type: pass, name: p}]',
  );
}

describe('foreach maxConcurrency', () => {
  it('is absent unless given (the engine then runs 100 iterations at a time)', () => {
    const step = firstStep(foreach());
    assert.equal(step.type, 'foreach');
    assert.equal('maxConcurrency' in step, false);
  });

  for (const value of [1, 100, 250, MAX_FOREACH_CONCURRENCY]) {
    it(`accepts ${value}`, () => {
      const step = firstStep(foreach(`    maxConcurrency: ${value}`));
      assert.equal(step.type === 'foreach' && step.maxConcurrency, value);
    });
  }

  for (const value of ['0', '-5', '1001', '2.5', '"10"', 'null', '[10]']) {
    it(`refuses ${value} with its path and position`, () => {
      assertOnlyIssue(foreach(`    maxConcurrency: ${value}`), {
        path: 'steps[0].maxConcurrency',
        line: 7,
        column: 21,
        message: '`maxConcurrency` must be an integer from 1 to 1000',
      });
    });
  }

  it('suggests the field for a misspelling', () => {
    assertOnlyIssue(foreach('    maxConcurency: 10'), {
      path: 'steps[0].maxConcurency',
      line: 7,
      column: 5,
      message: 'did you mean `maxConcurrency`?',
    });
  });

  it('is refused on other step types, naming foreach', () => {
    assertOnlyIssue(flowText('  - type: pass', '    name: p', '    maxConcurrency: 10'), {
      path: 'steps[0].maxConcurrency',
      line: 6,
      column: 5,
      message: 'field `maxConcurrency` is not allowed on a pass step (only on: foreach)',
    });
  });
});
