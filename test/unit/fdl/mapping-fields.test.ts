import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertIssue, assertOnlyIssue, firstStep, flowText, issuesOf } from './flow-test-helpers.ts';

/** A pass step whose outputMappings are the given lines (entries start at line 7). */
function outputs(...lines: string[]): string {
  return flowText('  - type: pass', '    name: p', '    outputMappings:', ...lines);
}

describe('mappings', () => {
  it('keeps path sources as strings and constants as JSON', () => {
    const step = firstStep(
      outputs(
        '      - {target: a, source: $local.x}',
        '      - {target: b.c, source: {k: [1, "two", false]}}',
        '      - {target: d, source: ~}',
        '      - {target: e, source: "plain"}',
      ),
    );
    assert.deepEqual(step.outputMappings, [
      { target: 'a', source: '$local.x' },
      { target: 'b.c', source: { k: [1, 'two', false] } },
      { target: 'd', source: null },
      { target: 'e', source: 'plain' },
    ]);
  });

  it('accepts an empty mapping list', () => {
    assert.deepEqual(
      firstStep(outputs('      []').replace('outputMappings:\n      []', 'outputMappings: []'))
        .outputMappings,
      [],
    );
  });

  it('requires target and source', () => {
    const issues = issuesOf(outputs('      - {}'));
    assertIssue(issues, {
      path: 'steps[0].outputMappings[0].target',
      line: 7,
      column: 9,
      message: 'missing required field `target`',
    });
    assertIssue(issues, {
      path: 'steps[0].outputMappings[0].source',
      line: 7,
      column: 9,
      message: 'missing required field `source`',
    });
  });

  it('refuses an empty or non-string target', () => {
    assertOnlyIssue(outputs('      - {target: "", source: 1}'), {
      path: 'steps[0].outputMappings[0].target',
      line: 7,
      column: 18,
      message: '`target` must not be empty',
    });
    assertOnlyIssue(outputs('      - {target: 5, source: 1}'), {
      path: 'steps[0].outputMappings[0].target',
      line: 7,
      column: 18,
      message: '`target` must be a string',
    });
  });

  it('refuses a dotted target with an empty key', () => {
    assertOnlyIssue(outputs('      - {target: a..b, source: 1}'), {
      path: 'steps[0].outputMappings[0].target',
      line: 7,
      column: 18,
      message: 'has an empty key',
    });
  });

  it('refuses an invalid source path (filter expressions included)', () => {
    assertOnlyIssue(outputs('      - target: a', '        source: $.items[?(@.price > 10)]'), {
      path: 'steps[0].outputMappings[0].source',
      line: 8,
      column: 17,
      message: 'invalid path `$.items[?(@.price > 10)]`',
    });
    assertOnlyIssue(outputs('      - target: a', '        source: $.items[(@.length-1)]'), {
      path: 'steps[0].outputMappings[0].source',
      line: 8,
      column: 17,
      message: 'invalid path',
    });
  });

  it('refuses an unknown field in an entry with a suggestion', () => {
    assertOnlyIssue(outputs('      - {target: a, source: 1, sorce: 2}'), {
      path: 'steps[0].outputMappings[0].sorce',
      line: 7,
      column: 32,
      message: 'did you mean `source`?',
    });
  });

  it('refuses an entry that is not a mapping, and mappings that are not a list', () => {
    assertOnlyIssue(outputs('      - a'), {
      path: 'steps[0].outputMappings[0]',
      line: 7,
      column: 9,
      message: 'a mapping entry must be {target, source}',
    });
    assertOnlyIssue(flowText('  - type: pass', '    name: p', '    inputMappings: {a: b}'), {
      path: 'steps[0].inputMappings',
      line: 6,
      column: 20,
      message: 'must be a list of {target, source} entries',
    });
  });

  it('checks top-level flow mappings too', () => {
    const text = `${flowText('  - {type: pass, name: p}')}inputMappings:\n  - target: x\n    source: $input.a[?(@)]\n`;
    assertOnlyIssue(text, { path: 'inputMappings[0].source', line: 7, column: 13, message: 'invalid path' });
  });
});
