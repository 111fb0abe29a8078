import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Json } from '../../../lib/fdl/types.ts';
import { eventOf, flow, mappings, pass, run, task } from '../../support/engine-flows.ts';

describe('data flow: task results and payload limits', () => {
  const big = (bytes: number) => ({ s: 'x'.repeat(bytes) });

  it('fails the step with FnF.DataLimitExceeded when a function result is over 256 KiB', () => {
    const r = run(flow([task('t', 'f')]), {}, { f: () => big(256 * 1024) });
    r.start();
    assert.equal(eventOf(r.history, 'TaskFailed', 't').detail.error, 'FnF.DataLimitExceeded');
    assert.equal(r.state.status, 'Failed');
    assert.equal(r.state.error, 'FnF.DataLimitExceeded');
  });

  it('accepts a function result of exactly 256 KiB', () => {
    const overhead = JSON.stringify(big(0)).length;
    const r = run(
      flow([task('t', 'f', { outputMappings: mappings({ ok: true }) })]),
      {},
      { f: () => big(256 * 1024 - overhead) },
    );
    r.start();
    assert.equal(r.state.status, 'Succeeded');
  });

  it('lets a catch rule catch FnF.DataLimitExceeded', () => {
    const definition = flow([
      task('t', 'f', {
        catch: [{ errors: ['FnF.DataLimitExceeded'], goto: 'after' }],
        errorMappings: mappings({ e: '$local.error' }),
      }),
      pass('skipped', { skipped: true }),
      pass('after', { after: true }),
    ]);
    const r = run(definition, {}, { f: () => big(300 * 1024) });
    r.start();
    assert.equal(r.state.status, 'Succeeded');
    assert.deepEqual(r.state.output, { e: 'FnF.DataLimitExceeded', after: true });
  });

  it('fails the step with FnF.DataLimitExceeded when a mapping builds an output over the limit', () => {
    const definition = flow([task('t', 'f', { outputMappings: mappings({ a: '$local.s', b: '$local.s' }) })]);
    const r = run(definition, {}, { f: () => big(150 * 1024) });
    r.start();
    assert.equal(r.state.status, 'Failed');
    assert.equal(r.state.error, 'FnF.DataLimitExceeded');
    assert.equal(eventOf(r.history, 'StepFailed', 't').detail.error, 'FnF.DataLimitExceeded');
  });

  for (const [label, result] of [
    ['a string', 'text'],
    ['an array', [1, 2]],
    ['null', null],
    ['a number', 5],
  ] as [string, Json][]) {
    it(`fails the step with FnF.InvalidOutput when a function returns ${label}`, () => {
      const r = run(flow([task('t', 'f')]), {}, { f: () => result });
      r.start();
      const failed = eventOf(r.history, 'TaskFailed', 't');
      assert.equal(failed.detail.error, 'FnF.InvalidOutput');
      assert.equal(r.state.error, 'FnF.InvalidOutput');
    });
  }
});
