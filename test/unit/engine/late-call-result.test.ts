/**
 * A task's deadline covers its call: a call that returns at or after the deadline returned too late,
 * whichever of its answer and the deadline's timer the engine sees first. The call carries the
 * deadline, so that a caller can cut it off there (the local runtime does).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callback, flow, run, task, trace } from '../../support/engine-flows.ts';

describe('a call answered after its task’s deadline', () => {
  it('times the task out, even before the deadline’s timer fires', () => {
    const r = run(flow([task('t', 'work', { timeoutSeconds: 2 })]));
    r.start();
    const [call] = r.commandsOf('CallResource');
    assert.equal(call?.deadline, r.now + 2000);
    r.now += 2000;
    r.answer({ ok: true, output: { late: true } });
    assert.deepEqual(trace(r.history).slice(2), [
      ['TaskScheduled', 't'],
      ['TaskTimedOut', 't'],
      ['StepFailed', 't'],
      ['ExecutionFailed', ''],
    ]);
    assert.equal(r.state.error, 'FnF.TaskTimeout');
  });

  it('records no submission for a callback task, and ends its token', () => {
    const r = run(flow([callback('cb', { timeoutSeconds: 1 })]));
    r.start();
    r.now += 1500;
    r.answer({ ok: true, output: {} });
    assert.ok(!r.types().includes('TaskSubmitted'));
    assert.ok(r.types().includes('TaskTimedOut'));
    assert.deepEqual(
      r.commandsOf('EndToken').map((command) => command.outcome),
      [{ kind: 'timedOut' }],
    );
  });

  it('still submits, then applies a report accepted before the deadline', () => {
    const r = run(flow([callback('cb', { timeoutSeconds: 1 })]));
    r.start();
    r.report({ kind: 'succeeded', output: { early: 1 } });
    r.now += 1500;
    r.answer({ ok: true, output: {} });
    assert.deepEqual(trace(r.history).slice(3, 5), [
      ['TaskSubmitted', 'cb'],
      ['TaskSucceeded', 'cb'],
    ]);
    assert.equal(r.state.status, 'Succeeded');
  });

  it('is applied as usual just before the deadline, and the call has no deadline without a timeout', () => {
    const timed = run(flow([task('t', 'work', { timeoutSeconds: 2 })]));
    timed.start();
    timed.now += 1999;
    timed.answer({ ok: true, output: { inTime: true } });
    assert.equal(timed.state.status, 'Succeeded');
    const untimed = run(flow([task('t', 'work')]));
    untimed.start();
    assert.equal(untimed.commandsOf('CallResource')[0]?.deadline, undefined);
  });
});
