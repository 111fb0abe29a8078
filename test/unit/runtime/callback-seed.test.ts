import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashToken } from '../../../lib/runtime/index.ts';
import { createFlow, history, SEED_FLOW, setup, start, tokens } from './runtime-helpers.ts';

describe('the seed example through the operations (fnf-demo-callback)', () => {
  it('waits at TaskSubmitted, accepts ReportTaskSucceeded, and records the worked example', async () => {
    const m = setup();
    await createFlow(m, 'fnf-demo-callback', SEED_FLOW);
    const started = await m.operations.startExecution({
      flowName: 'fnf-demo-callback',
      executionName: 'run1',
    });
    assert.equal(started.created, true);
    assert.equal(started.execution.status, 'Running');
    await m.drain();

    const [token] = await tokens(m, 'fnf-demo-callback', 'run1');
    assert.ok(token);
    const answer = await m.operations.reportTaskSucceeded({ taskToken: token, output: '{"status":"ok"}' });
    assert.deepEqual(answer, { eventId: 5 });

    const execution = await m.operations.describeExecution({
      flowName: 'fnf-demo-callback',
      executionName: 'run1',
    });
    assert.equal(execution.status, 'Succeeded');
    assert.deepEqual(execution.output, { s: 'ok' });
    assert.equal(execution.stoppedTime, '2024-01-01T00:00:00.000Z');

    const rows = (await history(m, 'fnf-demo-callback', 'run1')).map((e) => [
      e.eventId,
      e.type,
      e.stepName,
      e.scheduleEventId,
      e.detail,
    ]);
    const resourceArn = 'acs:fc:::services/fnf-demo/functions/echo';
    assert.deepEqual(rows, [
      [1, 'ExecutionStarted', '', 0, { input: {} }],
      [2, 'StepEntered', 'mytask', 0, { input: {}, local: {} }],
      [
        3,
        'TaskScheduled',
        'mytask',
        0,
        { resourceArn, pattern: 'waitForCallback', input: { taskToken: token } },
      ],
      [
        4,
        'TaskSubmitted',
        'mytask',
        3,
        { input: { taskToken: token }, output: { taskToken: token }, taskToken: token },
      ],
      [5, 'TaskSucceeded', 'mytask', 3, { output: { status: 'ok' } }],
      [6, 'StepExited', 'mytask', 0, { output: { s: 'ok' } }],
      [7, 'ExecutionSucceeded', '', 0, { output: { s: 'ok' } }],
    ]);
  });

  it('invokes the function with the token, and keeps only its hash in the token records', async () => {
    const m = setup();
    await createFlow(m, 'fnf-demo-callback', SEED_FLOW);
    await start(m, 'fnf-demo-callback', 'run1');
    const [token = ''] = await tokens(m, 'fnf-demo-callback', 'run1');
    assert.deepEqual(m.invoker.calls, [{ functionName: 'fnf-demo/echo', event: { taskToken: token } }]);
    const [record] = m.stores.tokens.all();
    assert.equal(record?.tokenHash, hashToken(token));
    assert.equal(record?.status, 'waiting');
    assert.ok(!JSON.stringify(m.stores.tokens.all()).includes(token));
    const state = (await m.stores.executions.load({ flowName: 'fnf-demo-callback', executionName: 'run1' }))
      ?.state;
    // The state keeps neither: the attempt's token is derived from the execution's seed.
    assert.equal(JSON.stringify(state).includes(hashToken(token)), false);
    assert.equal(JSON.stringify(state?.root).includes(token), false);
    assert.ok(state?.tokenSeed);
  });

  it('fails the execution with the error of ReportTaskFailed', async () => {
    const m = setup();
    await createFlow(m, 'fnf-demo-callback', SEED_FLOW);
    await start(m, 'fnf-demo-callback', 'run1');
    const [token] = await tokens(m, 'fnf-demo-callback', 'run1');
    const answer = await m.operations.reportTaskFailed({
      taskToken: token,
      error: 'Worker.Broken',
      cause: 'disk',
    });
    assert.deepEqual(answer, { eventId: 5 });
    const execution = await m.operations.describeExecution({
      flowName: 'fnf-demo-callback',
      executionName: 'run1',
    });
    assert.equal(execution.status, 'Failed');
    assert.equal(execution.error, 'Worker.Broken');
    assert.equal(execution.cause, 'disk');
  });
});
