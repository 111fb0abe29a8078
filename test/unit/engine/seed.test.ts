import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Harness } from '../../support/engine-harness.ts';
import { SEED_FLOW } from '../../support/seed-flow.ts';

describe('the seed example (waitForCallback on an echo function)', () => {
  const definition = SEED_FLOW;

  it('records the history of the worked example, event by event', () => {
    const run = new Harness(definition, {}, { functions: { 'fnf-demo/echo': (event) => event } });
    run.start();
    assert.equal(run.state.status, 'Running');
    const submitted = run.history.find((event) => event.type === 'TaskSubmitted');
    assert.equal(submitted?.detail.taskToken, 'token-1');
    const reply = run.report({ kind: 'succeeded', output: { status: 'ok' } });
    assert.deepEqual(reply.reply, { accepted: true, eventId: 5 });
    assert.equal(run.state.status, 'Succeeded');
    assert.deepEqual(run.state.output, { s: 'ok' });
    const rows = run.history.map((e) => [e.eventId, e.type, e.stepName, e.scheduleEventId, e.detail]);
    assert.deepEqual(rows, [
      [1, 'ExecutionStarted', '', 0, { input: {} }],
      [2, 'StepEntered', 'mytask', 0, { input: {}, local: {} }],
      [
        3,
        'TaskScheduled',
        'mytask',
        0,
        {
          resourceArn: 'acs:fc:::services/fnf-demo/functions/echo',
          pattern: 'waitForCallback',
          input: { taskToken: 'token-1' },
        },
      ],
      [
        4,
        'TaskSubmitted',
        'mytask',
        3,
        { input: { taskToken: 'token-1' }, output: { taskToken: 'token-1' }, taskToken: 'token-1' },
      ],
      [5, 'TaskSucceeded', 'mytask', 3, { output: { status: 'ok' } }],
      [6, 'StepExited', 'mytask', 0, { output: { s: 'ok' } }],
      [7, 'ExecutionSucceeded', '', 0, { output: { s: 'ok' } }],
    ]);
  });

  it('registers the token before calling the function, and ends it with the report', () => {
    const run = new Harness(definition);
    run.start();
    const types = run.commands.map((c) => c.type);
    assert.deepEqual(types, ['RegisterToken', 'CallResource']);
    run.answer({ ok: true, output: { taskToken: 'token-1' } });
    run.report({ kind: 'succeeded', output: { status: 'ok' } });
    assert.deepEqual(run.commandsOf('EndToken'), [
      {
        type: 'EndToken',
        tokenHash: 'hash-1',
        outcome: { kind: 'reported', report: { kind: 'succeeded', output: { status: 'ok' } }, eventId: 5 },
      },
    ]);
    assert.deepEqual(run.commandsOf('Finish'), [
      { type: 'Finish', status: 'Succeeded', output: { s: 'ok' } },
    ]);
  });

  it('keeps neither the token nor its hash in its state: the seed they are derived from', () => {
    const run = new Harness(definition, {}, { functions: { 'fnf-demo/echo': () => ({}) } });
    run.start();
    const stored = JSON.stringify(run.state);
    assert.equal(stored.includes('token-1'), false);
    assert.equal(stored.includes('hash-1'), false);
    assert.equal(run.state.tokenSeed, 'seed-1');
    // …from which the token is the same whenever it is derived.
    assert.equal(run.ids.tokenOf('seed-1', 3).token, 'token-1');
  });
});
