import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Json, JsonObject } from '../../../lib/fdl/types.ts';
import { eventOf, flow, mappings, pass, run } from '../../support/engine-flows.ts';

const T0 = Date.UTC(2026, 0, 1);

/** A flow of one wait step (`fields` are its duration or timestamp) followed by a pass step. */
function waitFlow(fields: JsonObject) {
  return flow([{ type: 'wait', name: 'w', ...fields }, pass('after', { after: true })]);
}

/** Runs a wait flow and returns the harness and when its timer fires (undefined when none). */
function started(fields: JsonObject, input: JsonObject = {}) {
  const r = run(waitFlow(fields), input);
  r.start();
  return { r, fireAt: r.commandsOf('ScheduleTimer')[0]?.fireAt };
}

describe('wait', () => {
  it('waits a constant duration in seconds', () => {
    const { r, fireAt } = started({ duration: 5 });
    assert.equal(fireAt, T0 + 5_000);
    r.advanceBy(4_999);
    assert.equal(r.state.status, 'Running');
    r.advanceBy(1);
    assert.deepEqual([r.state.status, r.state.output], ['Succeeded', { after: true }]);
    assert.equal(eventOf(r.history, 'StepExited', 'w').time, new Date(T0 + 5_000).toISOString());
  });

  it('waits a duration read from a path of its input', () => {
    const { r, fireAt } = started({ duration: '$.seconds' }, { seconds: 90 });
    assert.equal(fireAt, T0 + 90_000);
    r.advanceBy(90_000);
    assert.equal(r.state.status, 'Succeeded');
  });

  it('reads the duration from its input after its own inputMappings', () => {
    const r = run(waitFlow({ duration: '$.s', inputMappings: mappings({ s: 7 }) }));
    r.start();
    assert.equal(r.commandsOf('ScheduleTimer')[0]?.fireAt, T0 + 7_000);
  });

  it('waits until a constant RFC 3339 timestamp', () => {
    const { r, fireAt } = started({ timestamp: '2026-01-01T00:10:00Z' });
    assert.equal(fireAt, T0 + 600_000);
    r.advanceBy(600_000);
    assert.equal(r.state.status, 'Succeeded');
  });

  it('waits until a timestamp read from a path, with an offset', () => {
    const { fireAt } = started({ timestamp: '$.when' }, { when: '2026-01-01T02:00:00+01:00' });
    assert.equal(fireAt, T0 + 3_600_000);
    const later = started({ timestamp: '$.when' }, { when: '2026-01-01T03:00:00.500+02:00' });
    assert.equal(later.fireAt, T0 + 3_600_500);
  });

  it('ends at once for a timestamp in the past', () => {
    const { r, fireAt } = started({ timestamp: '2025-12-31T23:59:59Z' });
    assert.equal(fireAt, undefined);
    assert.equal(r.state.status, 'Succeeded');
  });

  it('ends at once for a zero duration', () => {
    const { r, fireAt } = started({ duration: 0 });
    assert.deepEqual([fireAt, r.state.status], [undefined, 'Succeeded']);
  });

  it('outputs {} without outputMappings, and its mappings otherwise', () => {
    const plain = started({ duration: 1 }, { a: 1 });
    plain.r.advanceBy(1_000);
    assert.deepEqual(eventOf(plain.r.history, 'StepExited', 'w').detail.output, {});
    const mapped = started({ duration: 1, outputMappings: mappings({ waited: '$.a' }) }, { a: 1 });
    mapped.r.advanceBy(1_000);
    assert.deepEqual(eventOf(mapped.r.history, 'StepExited', 'w').detail.output, { waited: 1 });
  });

  for (const [label, value] of [
    ['a string', '5'],
    ['a boolean', true],
    ['missing', undefined],
    ['negative', -1],
  ] as [string, Json | undefined][]) {
    it(`fails with FnF.InvalidInput when the duration is ${label}`, () => {
      const { r, fireAt } = started({ duration: '$.d' }, value === undefined ? {} : { d: value });
      assert.equal(fireAt, undefined);
      assert.equal(eventOf(r.history, 'StepFailed', 'w').detail.error, 'FnF.InvalidInput');
      assert.equal(r.state.error, 'FnF.InvalidInput');
    });
  }

  for (const [label, value] of [
    ['not a date', 'tomorrow'],
    ['a date without a time', '2026-01-02'],
    ['in a non-RFC 3339 format', 'January 2, 2026 10:00'],
    ['a time without an offset', '2026-01-02T10:00:00'],
    ['an impossible date', '2026-02-30T10:00:00Z'],
    ['a number', 1767225600000],
    ['missing', undefined],
  ] as [string, Json | undefined][]) {
    it(`fails with FnF.InvalidInput when the timestamp is ${label}`, () => {
      const { r } = started({ timestamp: '$.t' }, value === undefined ? {} : { t: value });
      assert.equal(r.state.error, 'FnF.InvalidInput');
    });
  }
});
