import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from '../../../lib/fdl/types.ts';
import { eventOf, flow, mappings, pass, run, task, thrower, trace } from '../../support/engine-flows.ts';
import type { Harness } from '../../support/engine-harness.ts';

/** A function that throws the given error names in turn, then returns `{ok: true}`. */
function script(errors: string[]): { calls: () => number; fn: (event: JsonObject) => JsonObject } {
  let calls = 0;
  return {
    calls: () => calls,
    fn: (event) => {
      const next = errors[calls];
      calls += 1;
      if (next !== undefined) thrower(next)(event);
      return { ok: true };
    },
  };
}

/** The delays (in seconds, from the moment each is scheduled) of the retry timers of `r`, driving it on. */
function retryDelays(r: Harness, rounds: number): number[] {
  const delays: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const [id, at] = [...r.timers.entries()].find(([timer]) => timer.startsWith('retry:')) ?? [];
    if (id === undefined || at === undefined) break;
    delays.push((at - r.now) / 1000);
    r.advanceBy(at - r.now);
  }
  return delays;
}

describe('retry', () => {
  it('waits min(interval × multiplier^(n-1), maxInterval) before retry n', () => {
    const f = script(['E', 'E', 'E', 'E', 'E']);
    const policy = {
      errors: ['E'],
      intervalSeconds: 3,
      multiplier: 3,
      maxIntervalSeconds: 20,
      maxAttempts: 4,
    };
    const r = run(flow([task('t', 'f', { retry: [policy] })]), {}, { f: f.fn });
    r.start();
    assert.deepEqual(retryDelays(r, 10), [3, 9, 20, 20]);
    assert.equal(f.calls(), 5);
    assert.equal(r.state.status, 'Failed');
  });

  it('defaults to 3 retries after 1, 2 and 4 seconds', () => {
    const f = script(['E', 'E', 'E', 'E']);
    const r = run(flow([task('t', 'f', { retry: [{ errors: ['E'] }] })]), {}, { f: f.fn });
    r.start();
    assert.deepEqual(retryDelays(r, 10), [1, 2, 4]);
    assert.equal(f.calls(), 4);
  });

  it('uses the first policy whose errors match', () => {
    const f = script(['E']);
    const retry = [
      { errors: ['Other'], intervalSeconds: 50 },
      { errors: ['E'], intervalSeconds: 7 },
      { errors: ['E', 'FnF.ALL'], intervalSeconds: 9 },
    ];
    const r = run(flow([task('t', 'f', { retry })]), {}, { f: f.fn });
    r.start();
    assert.deepEqual(retryDelays(r, 5), [7]);
    assert.equal(r.state.status, 'Succeeded');
  });

  it('matches every error with FnF.ALL', () => {
    const f = script(['Anything', 'FC.ResourceThrottled']);
    const r = run(
      flow([task('t', 'f', { retry: [{ errors: ['FnF.ALL'], intervalSeconds: 1 }] })]),
      {},
      { f: f.fn },
    );
    r.start();
    r.advanceBy(10_000);
    assert.deepEqual([f.calls(), r.state.status], [3, 'Succeeded']);
  });

  it('keeps a separate count for each policy', () => {
    const f = script(['A', 'B', 'B', 'A']);
    const retry = [
      { errors: ['A'], intervalSeconds: 1, maxAttempts: 2 },
      { errors: ['B'], intervalSeconds: 1, maxAttempts: 2 },
    ];
    const r = run(flow([task('t', 'f', { retry })]), {}, { f: f.fn });
    r.start();
    r.advanceBy(60_000);
    assert.deepEqual([f.calls(), r.state.status], [5, 'Succeeded']);
  });

  it('does not fall through to a later policy once the first matching one is exhausted', () => {
    const f = script(['A', 'A', 'A']);
    const retry = [
      { errors: ['A'], intervalSeconds: 1, maxAttempts: 1 },
      { errors: ['FnF.ALL'], intervalSeconds: 1, maxAttempts: 5 },
    ];
    const r = run(flow([task('t', 'f', { retry })]), {}, { f: f.fn });
    r.start();
    r.advanceBy(60_000);
    assert.deepEqual([f.calls(), r.state.status, r.state.error], [2, 'Failed', 'A']);
  });

  it('fails at once when no policy matches', () => {
    const f = script(['Unlisted']);
    const r = run(flow([task('t', 'f', { retry: [{ errors: ['Listed'] }] })]), {}, { f: f.fn });
    r.start();
    assert.deepEqual([f.calls(), r.state.error, r.timers.size], [1, 'Unlisted', 0]);
  });

  it('records one StepEntered and a TaskScheduled/TaskFailed pair per attempt', () => {
    const f = script(['E', 'E']);
    const r = run(
      flow([task('t', 'f', { retry: [{ errors: ['E'], intervalSeconds: 1 }] })]),
      {},
      { f: f.fn },
    );
    r.start();
    r.advanceBy(10_000);
    assert.deepEqual(trace(r.history).slice(1), [
      ['StepEntered', 't'],
      ['TaskScheduled', 't'],
      ['TaskFailed', 't'],
      ['TaskScheduled', 't'],
      ['TaskFailed', 't'],
      ['TaskScheduled', 't'],
      ['TaskSucceeded', 't'],
      ['StepExited', 't'],
      ['ExecutionSucceeded', ''],
    ]);
  });
});

describe('catch', () => {
  const rules = [
    { errors: ['B'], goto: 'onB' },
    { errors: ['A'], goto: 'onA' },
    { errors: ['FnF.ALL'], goto: 'onAll' },
  ];
  const handlers = [
    pass('onB', { via: 'B' }, { end: true }),
    pass('onA', { via: 'A' }, { end: true }),
    pass('onAll', { via: 'ALL' }),
  ];

  it('tries every retry before catching', () => {
    const f = script(['A', 'A', 'A']);
    const definition = flow([
      task('t', 'f', { retry: [{ errors: ['A'], intervalSeconds: 1, maxAttempts: 2 }], catch: rules }),
      ...handlers,
    ]);
    const r = run(definition, {}, { f: f.fn });
    r.start();
    r.advanceBy(10_000);
    assert.deepEqual([f.calls(), r.state.output], [3, { via: 'A' }]);
  });

  it('uses the first rule whose errors match', () => {
    const r = run(flow([task('t', 'f', { catch: rules }), ...handlers]), {}, { f: thrower('A') });
    r.start();
    assert.deepEqual(r.state.output, { via: 'A' });
  });

  it('falls back to an FnF.ALL rule for any other error', () => {
    const r = run(flow([task('t', 'f', { catch: rules }), ...handlers]), {}, { f: thrower('Z') });
    r.start();
    assert.deepEqual(r.state.output, { via: 'ALL' });
  });

  it('builds the step output with errorMappings from $local.error and $local.cause', () => {
    const definition = flow([
      task('t', 'f', {
        catch: [{ errors: ['Bad'], goto: 'next' }],
        errorMappings: mappings({ code: '$local.error', why: '$local.cause', fixed: 1 }),
      }),
      pass('next'),
    ]);
    const r = run(definition, {}, { f: thrower('Bad', 'it broke') });
    r.start();
    assert.deepEqual(eventOf(r.history, 'StepExited', 't').detail.output, {
      code: 'Bad',
      why: 'it broke',
      fixed: 1,
    });
    assert.deepEqual(r.state.output, { code: 'Bad', why: 'it broke', fixed: 1 });
  });

  it('gives an empty output without errorMappings, and ignores outputMappings', () => {
    const definition = flow([
      task('t', 'f', {
        catch: [{ errors: ['Bad'], goto: 'next' }],
        outputMappings: mappings({ never: 'set' }),
      }),
      pass('next'),
    ]);
    const r = run(definition, { a: 1 }, { f: thrower('Bad') });
    r.start();
    assert.deepEqual(eventOf(r.history, 'StepExited', 't').detail.output, {});
    assert.deepEqual(r.state.output, {});
  });

  it('continues at goto, skipping the steps between', () => {
    const definition = flow([
      task('t', 'f', { catch: [{ errors: ['Bad'], goto: 'last' }] }),
      pass('skipped'),
      pass('last', { last: true }),
    ]);
    const r = run(definition, {}, { f: thrower('Bad') });
    r.start();
    assert.deepEqual(
      trace(r.history, ['StepEntered']).map(([, name]) => name),
      ['t', 'last'],
    );
  });

  it('can go back to an earlier step, making a loop', () => {
    const f = script(['Bad', 'Bad']);
    const definition = flow([
      pass('prep', { prepared: true }),
      task('t', 'f', { catch: [{ errors: ['Bad'], goto: 'prep' }] }),
    ]);
    const r = run(definition, {}, { f: f.fn });
    r.start();
    assert.equal(f.calls(), 3);
    assert.deepEqual(
      trace(r.history, ['StepEntered']).map(([, name]) => name),
      ['prep', 't', 'prep', 't', 'prep', 't'],
    );
    assert.deepEqual(r.state.output, { prepared: true, ok: true });
  });

  it('fails the step and the execution with an error no rule catches', () => {
    const r = run(
      flow([task('t', 'f', { catch: [{ errors: ['Other'], goto: 'h' }] }), pass('h')]),
      {},
      { f: thrower('Boom', 'bad day') },
    );
    r.start();
    assert.deepEqual(eventOf(r.history, 'StepFailed', 't').detail, { error: 'Boom', cause: 'bad day' });
    assert.deepEqual(eventOf(r.history, 'ExecutionFailed').detail, { error: 'Boom', cause: 'bad day' });
    assert.deepEqual(r.commandsOf('Finish'), [
      { type: 'Finish', status: 'Failed', error: 'Boom', cause: 'bad day' },
    ]);
  });

  it("does not let a sibling task's catch catch a fail step's error", () => {
    const definition = flow([
      task('t', 'f', { catch: [{ errors: ['FnF.ALL'], goto: 'after' }] }),
      { type: 'fail', name: 'boom', error: 'Custom' },
      pass('after', { rescued: true }),
    ]);
    const r = run(definition, {}, { f: () => ({}) });
    r.start();
    assert.deepEqual([r.state.status, r.state.error], ['Failed', 'Custom']);
    assert.equal(
      r.history.some((e) => e.stepName === 'after'),
      false,
    );
  });

  it('catches FnF.TaskTimeout like any other error', () => {
    const definition = flow([
      task('t', 'slow', {
        timeoutSeconds: 1,
        catch: [{ errors: ['FnF.TaskTimeout'], goto: 'h' }],
        errorMappings: mappings({ e: '$local.error' }),
      }),
      pass('h'),
    ]);
    const r = run(definition);
    r.start();
    r.advanceBy(1_000);
    assert.deepEqual(r.state.output, { e: 'FnF.TaskTimeout' });
  });
});
