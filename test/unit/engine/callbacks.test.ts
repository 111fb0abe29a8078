import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TaskReport } from '../../../lib/engine/types.ts';
import { callback, echo, eventOf, flow, run, trace } from '../../support/engine-flows.ts';
import type { Harness } from '../../support/engine-harness.ts';

const ok: TaskReport = { kind: 'succeeded', output: { ok: true } };
const ALREADY = { accepted: false, code: 'TaskAlreadyCompleted' };
const TIMED_OUT = { accepted: false, code: 'TaskTimedOut' };

/** The reply without its message, for comparison. */
function codeOf(reply: unknown): unknown {
  const { message: _message, ...rest } = reply as { message?: string };
  return rest;
}

/** Sends a report on one registered token. */
function reportOn(r: Harness, token: { hash: string; scheduleEventId: number }, report: TaskReport = ok) {
  return r.send({ type: 'Report', scheduleEventId: token.scheduleEventId, tokenHash: token.hash, report });
}

describe('callbacks: reports before the submission is recorded', () => {
  it('accepts the report without an eventId and ends the token at once', () => {
    const r = run(flow([callback('cb')]));
    r.start();
    const result = r.report(ok);
    assert.deepEqual(result.reply, { accepted: true });
    assert.deepEqual(result.events, []);
    assert.deepEqual(result.commands, [
      { type: 'EndToken', tokenHash: 'hash-1', outcome: { kind: 'reported', report: ok } },
    ]);
    assert.equal(r.state.status, 'Running');
  });

  it('applies the report right after TaskSubmitted', () => {
    const r = run(flow([callback('cb')]));
    r.start();
    r.report({ kind: 'succeeded', output: { early: 1 } });
    r.answer({ ok: true, output: { submitted: true } });
    assert.deepEqual(trace(r.history).slice(2, 5), [
      ['TaskScheduled', 'cb'],
      ['TaskSubmitted', 'cb'],
      ['TaskSucceeded', 'cb'],
    ]);
    assert.deepEqual([r.state.status, r.state.output], ['Succeeded', { early: 1 }]);
  });

  it('applies an early failure report after TaskSubmitted too', () => {
    const r = run(flow([callback('cb')]));
    r.start();
    r.report({ kind: 'failed', error: 'Early', cause: 'before return' });
    r.answer({ ok: true, output: {} });
    assert.equal(
      eventOf(r.history, 'TaskFailed').scheduleEventId,
      eventOf(r.history, 'TaskScheduled').eventId,
    );
    assert.equal(r.state.error, 'Early');
  });

  it('lets an early report accepted in time win over a deadline that passes before the submission', () => {
    const r = run(flow([callback('cb', { timeoutSeconds: 10 })]));
    r.start();
    r.now += 5_000;
    assert.deepEqual(r.report({ kind: 'succeeded', output: { early: 1 } }).reply, { accepted: true });
    r.advanceBy(10_000);
    assert.equal(
      r.history.some((e) => e.type === 'TaskTimedOut'),
      false,
    );
    assert.deepEqual(
      r.commandsOf('EndToken').map((c) => c.outcome.kind),
      ['reported'],
    );
    r.answer({ ok: true, output: {} });
    assert.deepEqual([r.state.status, r.state.output], ['Succeeded', { early: 1 }]);
  });

  it('refuses a second report while the first still waits for the submission', () => {
    const r = run(flow([callback('cb')]));
    r.start();
    r.report(ok);
    assert.deepEqual(codeOf(r.report({ kind: 'failed', error: 'E', cause: '' }).reply), ALREADY);
    r.answer({ ok: true, output: {} });
    assert.deepEqual(r.state.output, { ok: true });
  });
});

describe('callbacks: reports on a submitted task', () => {
  it("answers with the eventId of the report's TaskSucceeded", () => {
    const r = run(flow([callback('cb')]), {}, { worker: echo });
    r.start();
    const reply = r.report(ok).reply;
    assert.deepEqual(reply, { accepted: true, eventId: eventOf(r.history, 'TaskSucceeded').eventId });
  });

  it('refuses a second report on an ended attempt with TaskAlreadyCompleted', () => {
    const r = run(flow([callback('cb')]), {}, { worker: echo });
    r.start();
    r.report(ok);
    const second = r.report({ kind: 'succeeded', output: { again: true } });
    assert.deepEqual(codeOf(second.reply), ALREADY);
    assert.deepEqual([second.events, second.commands], [[], []]);
  });

  it('refuses a report with a tokenHash that is not the attempt’s, and keeps waiting', () => {
    const r = run(flow([callback('cb')]), {}, { worker: echo });
    r.start();
    const token = r.latestToken();
    const wrong = reportOn(r, { hash: 'hash-forged', scheduleEventId: token.scheduleEventId });
    assert.deepEqual(codeOf(wrong.reply), ALREADY);
    assert.equal(r.state.status, 'Running');
    assert.deepEqual(reportOn(r, token).reply?.accepted, true);
  });

  it('refuses a report after StopExecution with TaskAlreadyCompleted', () => {
    const r = run(flow([callback('cb')]), {}, { worker: echo });
    r.start();
    r.send({ type: 'Stop', error: 'Stopped', cause: '' });
    const late = r.report(ok);
    assert.deepEqual(codeOf(late.reply), ALREADY);
    assert.deepEqual(late.events, []);
  });

  it('applies reports on the tokens of two parallel branches', () => {
    const definition = flow([
      {
        type: 'parallel',
        name: 'par',
        branches: [{ steps: [callback('left')] }, { steps: [callback('right')] }],
        outputMappings: [{ target: 'all', source: '$local' }],
      },
    ]);
    const r = run(definition, {}, { worker: echo });
    r.start();
    assert.equal(r.registeredTokens().length, 2);
    assert.equal(r.report({ kind: 'succeeded', output: { side: 'right' } }, 'right').reply?.accepted, true);
    assert.equal(r.report({ kind: 'succeeded', output: { side: 'left' } }, 'left').reply?.accepted, true);
    assert.deepEqual(r.state.output, { all: [{ side: 'left' }, { side: 'right' }] });
  });
});

describe('callbacks: deadlines', () => {
  /** A callback task with a 10 s timeout, submitted at once. */
  function timed(): { r: Harness; deadline: number } {
    const r = run(flow([callback('cb', { timeoutSeconds: 10 })]), {}, { worker: echo });
    r.start();
    return { r, deadline: r.now + 10_000 };
  }

  it('refuses a report after the deadline with TaskTimedOut and times the task out then, before its timer fires', () => {
    const { r, deadline } = timed();
    r.now = deadline + 500; // the clock moves, the timer has not been delivered
    const late = r.report(ok);
    assert.deepEqual(codeOf(late.reply), TIMED_OUT);
    assert.deepEqual(
      late.events.map((e) => e.type),
      ['TaskTimedOut', 'StepFailed', 'ExecutionFailed'],
    );
    assert.deepEqual(r.commandsOf('EndToken'), [
      { type: 'EndToken', tokenHash: 'hash-1', outcome: { kind: 'timedOut' } },
    ]);
    r.advanceBy(0);
    assert.equal(r.history.filter((e) => e.type === 'TaskTimedOut').length, 1);
  });

  it('counts a report at exactly the deadline as late', () => {
    const { r, deadline } = timed();
    r.now = deadline;
    assert.deepEqual(codeOf(r.report(ok).reply), TIMED_OUT);
    assert.equal(r.state.error, 'FnF.TaskTimeout');
  });

  it('accepts a report 1 ms before the deadline; the timer then does nothing', () => {
    const { r, deadline } = timed();
    r.now = deadline - 1;
    assert.equal(r.report(ok).reply?.accepted, true);
    const count = r.history.length;
    r.advanceBy(60_000);
    assert.equal(r.history.length, count);
    assert.equal(r.state.status, 'Succeeded');
  });

  it('refuses a report after the heartbeat deadline with TaskTimedOut (FnF.HeartbeatTimeout)', () => {
    const r = run(flow([callback('cb', { heartbeatSeconds: 5 })]), {}, { worker: echo });
    r.start();
    r.now += 5_000;
    assert.deepEqual(codeOf(r.report(ok).reply), TIMED_OUT);
    assert.equal(r.state.error, 'FnF.HeartbeatTimeout');
  });

  it('refuses a heartbeat after the deadline with TaskTimedOut', () => {
    const { r, deadline } = timed();
    r.now = deadline + 1;
    assert.deepEqual(codeOf(r.heartbeat().reply), TIMED_OUT);
    assert.equal(r.state.error, 'FnF.TaskTimeout');
  });
});

describe('callbacks: tokens of retried and ended tasks', () => {
  const retried = () =>
    flow([
      callback('cb', {
        timeoutSeconds: 5,
        retry: [{ errors: ['FnF.TaskTimeout', 'WorkerFailed'], intervalSeconds: 1 }],
      }),
    ]);

  it('gives a retried callback task a new token and kills the old one', () => {
    const r = run(retried(), {}, { worker: echo });
    r.start();
    const old = r.latestToken();
    r.advanceBy(5_000);
    assert.deepEqual(r.commandsOf('EndToken'), [
      { type: 'EndToken', tokenHash: 'hash-1', outcome: { kind: 'timedOut' } },
    ]);
    r.advanceBy(1_000);
    const fresh = r.latestToken();
    assert.notEqual(fresh.hash, old.hash);
    assert.notEqual(fresh.scheduleEventId, old.scheduleEventId);
    const scheduled = r.history.filter((e) => e.type === 'TaskScheduled').map((e) => e.detail.input);
    assert.equal(scheduled.length, 2);
    assert.deepEqual(codeOf(reportOn(r, old).reply), ALREADY);
    assert.equal(r.state.status, 'Running');
    assert.equal(reportOn(r, fresh).reply?.accepted, true);
    assert.equal(r.state.status, 'Succeeded');
  });

  it('hands the new token to the worker of the retry', () => {
    const definition = flow([
      callback('cb', {
        inputMappings: [{ target: 't', source: '$context.task.token' }],
        retry: [{ errors: ['WorkerFailed'], intervalSeconds: 1 }],
      }),
    ]);
    const r = run(definition, {}, { worker: echo });
    r.start();
    r.report({ kind: 'failed', error: 'WorkerFailed', cause: '' });
    r.advanceBy(1_000);
    const inputs = r.commandsOf('CallResource').map((c) => c.input.t);
    assert.deepEqual(inputs, ['token-1', 'token-2']);
    assert.equal(r.commandsOf('EndToken')[0]?.outcome.kind, 'reported');
  });

  it('refuses a heartbeat on an ended task with TaskAlreadyCompleted', () => {
    const r = run(flow([callback('cb'), callback('next')]), {}, { worker: echo });
    r.start();
    const first = r.latestToken('cb');
    r.report(ok, 'cb');
    const beat = r.send({ type: 'Heartbeat', scheduleEventId: first.scheduleEventId, tokenHash: first.hash });
    assert.deepEqual(codeOf(beat.reply), ALREADY);
  });

  it('tells a worker that heartbeats on a cancelled branch that its task has completed', () => {
    const definition = flow([
      {
        type: 'parallel',
        name: 'par',
        branches: [
          { steps: [callback('cb')] },
          {
            steps: [
              { type: 'wait', name: 'w', duration: 1 },
              { type: 'fail', name: 'f' },
            ],
          },
        ],
      },
    ]);
    const r = run(definition, {}, { worker: echo });
    r.start();
    r.advanceBy(1_000);
    assert.equal(r.state.status, 'Failed');
    assert.deepEqual(codeOf(r.heartbeat('cb').reply), ALREADY);
  });

  it('accepts a heartbeat before the submission is recorded', () => {
    const r = run(flow([callback('cb', { heartbeatSeconds: 5 })]));
    r.start();
    assert.deepEqual(r.heartbeat().reply, { accepted: true });
    assert.deepEqual(r.heartbeat().events, []);
  });
});
