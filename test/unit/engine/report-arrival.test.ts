import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Harness } from '../../support/engine-harness.ts';

const TIMED = `version: v1
type: flow
steps:
  - type: task
    name: job
    resourceArn: acs:fc:::services/fnf-demo/functions/echo
    pattern: waitForCallback
    timeoutSeconds: 10
    heartbeatSeconds: 4
`;

/** A run whose task has been submitted at t0 (deadline t0 + 10 s, heartbeat t0 + 4 s). */
function submitted(): Harness {
  const run = new Harness(TIMED, {}, { functions: { 'fnf-demo/echo': () => ({}) } });
  run.start();
  return run;
}

describe('the deadline is judged when a report arrived, not when it is applied', () => {
  it('accepts a report that arrived before the deadline but is applied after it', () => {
    const run = submitted();
    const { hash, scheduleEventId } = run.latestToken();
    const arrived = run.now + 3_000;
    run.now += 10_500;
    const result = run.send({
      type: 'Report',
      scheduleEventId,
      tokenHash: hash,
      report: { kind: 'succeeded', output: { ok: true } },
      receivedAt: arrived,
    });
    assert.equal(result.reply?.accepted, true);
    assert.equal(run.state.status, 'Succeeded');
    assert.ok(!run.types().includes('TaskTimedOut'));
  });

  it('refuses a report that arrived after the deadline, and times the task out', () => {
    const run = submitted();
    const { hash, scheduleEventId } = run.latestToken();
    run.now += 10_500;
    const result = run.send({
      type: 'Report',
      scheduleEventId,
      tokenHash: hash,
      report: { kind: 'succeeded', output: {} },
      receivedAt: run.now - 100,
    });
    assert.deepEqual(result.reply && { accepted: result.reply.accepted }, { accepted: false });
    assert.equal(result.reply?.accepted === false ? result.reply.code : '', 'TaskTimedOut');
    assert.ok(run.types().includes('TaskTimedOut'));
  });

  it('keeps a heartbeat that arrived in time, even if applied after the heartbeat deadline', () => {
    const run = submitted();
    const { hash, scheduleEventId } = run.latestToken();
    const arrived = run.now + 3_900;
    run.now += 4_200;
    const result = run.send({ type: 'Heartbeat', scheduleEventId, tokenHash: hash, receivedAt: arrived });
    assert.equal(result.reply?.accepted, true);
    assert.equal(run.state.status, 'Running');
  });

  it('never judges by a receipt time later than the clock of the advance', () => {
    const run = submitted();
    const { hash, scheduleEventId } = run.latestToken();
    run.now += 10_500;
    const result = run.send({
      type: 'Report',
      scheduleEventId,
      tokenHash: hash,
      report: { kind: 'succeeded', output: {} },
      receivedAt: run.now + 60_000,
    });
    assert.equal(result.reply?.accepted, false);
  });
});
