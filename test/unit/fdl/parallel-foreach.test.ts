import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_PARALLEL_BRANCHES } from '../../../lib/fdl/index.ts';
import { assertIssue, assertOnlyIssue, firstStep, flowText, issuesOf } from './flow-test-helpers.ts';

describe('parallel', () => {
  function parallel(...lines: string[]): string {
    return flowText('  - type: parallel', '    name: par', ...lines);
  }

  it('requires a non-empty branches list', () => {
    assertOnlyIssue(parallel(), {
      path: 'steps[0].branches',
      line: 4,
      column: 5,
      message: 'missing required field `branches`',
    });
    assertOnlyIssue(parallel('    branches: []'), {
      path: 'steps[0].branches',
      line: 6,
      column: 15,
      message: 'must not be empty',
    });
  });

  it('requires steps in each branch', () => {
    assertOnlyIssue(parallel('    branches:', '      - {}'), {
      path: 'steps[0].branches[0].steps',
      line: 7,
      column: 9,
      message: 'missing required field `steps`',
    });
  });

  it('refuses an unknown branch field', () => {
    const issues = issuesOf(
      parallel('    branches:', '      - name: x', '        steps: [{type: pass, name: p}]'),
    );
    assertIssue(issues, {
      path: 'steps[0].branches[0].name',
      line: 7,
      column: 9,
      message: 'unknown field `name`',
    });
  });

  it('refuses a branch that is a bare step list', () => {
    assertOnlyIssue(parallel('    branches:', '      - [{type: pass, name: p}]'), {
      path: 'steps[0].branches[0]',
      line: 7,
      column: 9,
      message: 'a branch (`{steps: [...]}`) must be a mapping',
    });
  });

  it(`accepts ${MAX_PARALLEL_BRANCHES} branches and refuses ${MAX_PARALLEL_BRANCHES + 1}`, () => {
    const branch = '      - steps: [{type: pass, name: p}]';
    const ok = firstStep(parallel('    branches:', ...Array<string>(MAX_PARALLEL_BRANCHES).fill(branch)));
    assert.equal(ok.type === 'parallel' && ok.branches.length, MAX_PARALLEL_BRANCHES);
    assertOnlyIssue(parallel('    branches:', ...Array<string>(MAX_PARALLEL_BRANCHES + 1).fill(branch)), {
      path: 'steps[0].branches',
      line: 7,
      column: 7,
      message: 'at most 100 branches, got 101',
    });
  });
});

describe('foreach', () => {
  function foreach(...mapping: string[]): string {
    return flowText('  - type: foreach', '    name: each', ...mapping, '    steps: [{type: pass, name: p}]');
  }

  it('parses iterationMapping with an index', () => {
    const step = firstStep(
      foreach('    iterationMapping:', '      collection: $input.items', '      item: it', '      index: i'),
    );
    assert.deepEqual(step.type === 'foreach' && step.iterationMapping, {
      collection: '$input.items',
      item: 'it',
      index: 'i',
    });
  });

  it('requires iterationMapping and steps', () => {
    const issues = issuesOf(flowText('  - type: foreach', '    name: each'));
    assertIssue(issues, {
      path: 'steps[0].iterationMapping',
      line: 4,
      column: 5,
      message: 'missing required field `iterationMapping`',
    });
    assertIssue(issues, {
      path: 'steps[0].steps',
      line: 4,
      column: 5,
      message: 'missing required field `steps`',
    });
  });

  it('requires collection and item', () => {
    const issues = issuesOf(foreach('    iterationMapping: {index: i}'));
    assertIssue(issues, {
      path: 'steps[0].iterationMapping.collection',
      line: 6,
      column: 23,
      message: 'missing required field `collection`',
    });
    assertIssue(issues, {
      path: 'steps[0].iterationMapping.item',
      line: 6,
      column: 23,
      message: 'missing required field `item`',
    });
  });

  it('refuses a collection that is not a path', () => {
    assertOnlyIssue(foreach('    iterationMapping:', '      collection: names', '      item: n'), {
      path: 'steps[0].iterationMapping.collection',
      line: 7,
      column: 19,
      message: '`collection` must be a path into the step input',
    });
  });

  it('refuses a collection path with a filter expression', () => {
    assertOnlyIssue(foreach('    iterationMapping:', '      collection: $.xs[?(@.a > 1)]', '      item: n'), {
      path: 'steps[0].iterationMapping.collection',
      line: 7,
      column: 19,
      message: 'invalid path `$.xs[?(@.a > 1)]`',
    });
  });

  it('refuses an index equal to item', () => {
    assertOnlyIssue(foreach('    iterationMapping: {collection: $.xs, item: n, index: n}'), {
      path: 'steps[0].iterationMapping.index',
      line: 6,
      column: 58,
      message: '`index` must differ from `item`',
    });
  });

  it('refuses an unknown iterationMapping field with a suggestion', () => {
    assertOnlyIssue(foreach('    iterationMapping: {collection: $.xs, items: n, item: m}'), {
      path: 'steps[0].iterationMapping.items',
      line: 6,
      column: 42,
      message: 'did you mean `item`?',
    });
  });
});
