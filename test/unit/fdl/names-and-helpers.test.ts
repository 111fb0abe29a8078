import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isRfc3339Timestamp,
  validateExecutionName,
  validateFlowName,
  validateStepName,
} from '../../../lib/fdl/index.ts';
import { closestMatch, didYouMean, editDistance } from '../../../lib/fdl/suggest.ts';

describe('names', () => {
  it('accepts flow names of 1 and 128 characters of the allowed set', () => {
    assert.equal(validateFlowName('a'), undefined);
    assert.equal(validateFlowName(`_${'x-9'.repeat(42)}a`), undefined);
    assert.equal(validateFlowName('a'.repeat(128)), undefined);
  });

  it('refuses empty, too long and badly formed flow names', () => {
    assert.match(validateFlowName('') ?? '', /1–128 characters/);
    assert.match(validateFlowName('a'.repeat(129)) ?? '', /got 129/);
    assert.match(validateFlowName('-a') ?? '', /flow name `-a` is invalid/);
    assert.match(validateFlowName('a.b') ?? '', /invalid/);
    assert.match(validateFlowName('1a') ?? '', /must start with a letter or `_`/);
  });

  it('lets execution names start with a digit, so UUIDs are valid', () => {
    assert.equal(validateExecutionName('69f71f89-3329-42c4-b508-b41617432db1'), undefined);
    assert.match(validateExecutionName('-x') ?? '', /execution name `-x` is invalid/);
    assert.match(validateExecutionName('a b') ?? '', /invalid/);
  });

  it('applies the flow-name rule to step names', () => {
    assert.equal(validateStepName('step_1-a'), undefined);
    assert.match(validateStepName('1step') ?? '', /step name `1step` is invalid/);
  });
});

describe('did you mean', () => {
  it('measures edit distance', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('same', 'same'), 0);
  });

  it('prefers a case-insensitive match over a closer spelling', () => {
    assert.equal(closestMatch('Goto', ['got', 'goto']), 'goto');
  });

  it('suggests within distance 2 only', () => {
    assert.equal(closestMatch('inputMapping', ['inputMappings', 'outputMappings']), 'inputMappings');
    assert.equal(closestMatch('resourceArm', ['resourceArn']), 'resourceArn');
    assert.equal(closestMatch('abcdef', ['xyz']), undefined);
    assert.equal(didYouMean('abcdef', ['xyz']), '');
    assert.equal(didYouMean('sorce', ['source']), ' (did you mean `source`?)');
  });
});

describe('RFC 3339 timestamps', () => {
  it('accepts UTC, offsets, lower-case separators and fractions', () => {
    for (const text of ['2019-05-02T15:04:05Z', '2019-05-02t15:04:05z', '2024-02-29T00:00:00.123456-05:30']) {
      assert.equal(isRfc3339Timestamp(text), true, text);
    }
  });

  it('refuses impossible dates and times, and missing offsets', () => {
    for (const text of [
      '2023-02-29T00:00:00Z',
      '2019-13-01T00:00:00Z',
      '2019-05-02T24:00:00Z',
      '2019-05-02T15:04:05',
      '2019-05-02 15:04:05Z',
    ]) {
      assert.equal(isRfc3339Timestamp(text), false, text);
    }
  });
});
