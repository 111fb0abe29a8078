import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { taskIdOf } from '../../../lib/engine/task-id.ts';
import {
  callback,
  childArn,
  echo,
  eventOf,
  flow,
  mappings,
  QUEUE_ARN,
  run,
  task,
} from '../../support/engine-flows.ts';

describe('task: waitForCallback', () => {
  it('sends the token in the message to a queue and waits for the report', () => {
    const definition = flow([
      {
        type: 'task',
        name: 'q',
        resourceArn: QUEUE_ARN,
        pattern: 'waitForCallback',
        serviceParams: { MessageBody: '$' },
        inputMappings: mappings({ t: '$context.task.token' }),
      },
    ]);
    const r = run(definition);
    r.start();
    const call = r.commandsOf('CallResource')[0];
    assert.deepEqual(
      [call?.input, call?.serviceParams, call?.taskToken],
      [{ t: 'token-1' }, { MessageBody: { t: 'token-1' } }, 'token-1'],
    );
    r.answer({ ok: true, output: { MessageId: 'm' } });
    assert.equal(r.state.status, 'Running');
    r.report({ kind: 'succeeded', output: { done: 1 } });
    assert.deepEqual(r.state.output, { done: 1 });
  });

  it('starts a child flow with the token and completes with its report', () => {
    const r = run(
      flow([{ type: 'task', name: 'kid', resourceArn: childArn('kid'), pattern: 'waitForCallback' }]),
    );
    r.start();
    const call = r.commandsOf('CallResource')[0];
    assert.equal(call?.taskToken, 'token-1');
    assert.ok(call?.childExecutionName);
    r.answer({ ok: true, output: { ExecutionName: call.childExecutionName } });
    assert.equal(eventOf(r.history, 'TaskSubmitted').detail.taskToken, 'token-1');
    r.send({ type: 'Stop', error: 'E', cause: 'C' });
    assert.equal(r.commandsOf('StopChild')[0]?.executionName, call.childExecutionName);
  });

  it('records the function result on TaskSubmitted whatever its shape; only the report becomes the local', () => {
    const r = run(flow([callback('cb', {}, 'f')]), {}, { f: () => 'just a string' });
    r.start();
    assert.equal(eventOf(r.history, 'TaskSubmitted').detail.output, 'just a string');
    assert.equal(r.state.status, 'Running');
    r.report({ kind: 'succeeded', output: { real: true } });
    assert.deepEqual(r.state.output, { real: true });
  });

  it('records TaskSubmitFailed for a failed submission and retries with a new token', () => {
    const definition = flow([
      callback('cb', { retry: [{ errors: ['FC.ResourceThrottled'], intervalSeconds: 2 }] }),
    ]);
    const r = run(definition);
    r.start();
    r.answer({ ok: false, error: 'FC.ResourceThrottled', cause: 'busy' });
    assert.deepEqual(eventOf(r.history, 'TaskSubmitFailed').detail, {
      error: 'FC.ResourceThrottled',
      cause: 'busy',
    });
    assert.deepEqual(r.commandsOf('EndToken'), [
      { type: 'EndToken', tokenHash: 'hash-1', outcome: { kind: 'cancelled' } },
    ]);
    r.advanceBy(2_000);
    assert.deepEqual(
      r.registeredTokens().map((t) => t.hash),
      ['hash-1', 'hash-2'],
    );
    r.answer({ ok: true, output: {} });
    r.report({ kind: 'succeeded', output: { second: true } });
    assert.deepEqual(r.state.output, { second: true });
  });

  it('lets a catch rule handle a failed submission', () => {
    const definition = flow([
      callback('cb', {
        catch: [{ errors: ['FC.FunctionNotFound'], goto: 'cb2' }],
        errorMappings: mappings({ why: '$local.cause' }),
      }),
      { type: 'pass', name: 'cb2' },
    ]);
    const r = run(definition);
    r.start();
    r.answer({ ok: false, error: 'FC.FunctionNotFound', cause: 'gone' });
    assert.deepEqual([r.state.status, r.state.output], ['Succeeded', { why: 'gone' }]);
  });
});

describe('task: timeouts', () => {
  it('records its timeouts on TaskScheduled and gives the token its deadline', () => {
    const r = run(flow([callback('cb', { timeoutSeconds: 30, heartbeatSeconds: 10 })]));
    r.start();
    const detail = eventOf(r.history, 'TaskScheduled').detail;
    assert.deepEqual([detail.timeoutSeconds, detail.heartbeatSeconds], [30, 10]);
    assert.deepEqual(r.commandsOf('RegisterToken'), [
      {
        type: 'RegisterToken',
        tokenHash: 'hash-1',
        scheduleEventId: 3,
        stepName: 'cb',
        deadline: Date.UTC(2026, 0, 1) + 30_000,
        heartbeatSeconds: 10,
        taskId: taskIdOf(r.state.flowName, r.state.executionName, r.state.startedTime, 3),
        pattern: 'waitForCallback',
        resourceArn: 'acs:fc:::services/svc/functions/worker',
        scheduledTime: Date.UTC(2026, 0, 1),
      },
    ]);
    assert.equal(r.commandsOf('CallResource')[0]?.heartbeatSeconds, 10);
  });

  it('times a callback task out with FnF.TaskTimeout after timeoutSeconds', () => {
    const r = run(flow([callback('cb', { timeoutSeconds: 30 })]), {}, { worker: echo });
    r.start();
    r.advanceBy(29_999);
    assert.equal(r.state.status, 'Running');
    r.advanceBy(1);
    assert.equal(eventOf(r.history, 'TaskTimedOut').detail.error, 'FnF.TaskTimeout');
    assert.deepEqual(r.commandsOf('EndToken'), [
      { type: 'EndToken', tokenHash: 'hash-1', outcome: { kind: 'timedOut' } },
    ]);
    assert.equal(r.state.error, 'FnF.TaskTimeout');
  });

  it('times out a requestResponse call, and a late call result changes nothing', () => {
    const r = run(flow([task('slow', 'slow', { timeoutSeconds: 5 })]));
    r.start();
    const call = r.openCalls[0];
    assert.ok(call);
    r.advanceBy(5_000);
    assert.equal(r.state.error, 'FnF.TaskTimeout');
    const before = structuredClone(r.state);
    const late = r.answerCall(call, { ok: true, output: { late: true } });
    assert.deepEqual([late.events, late.commands, r.state], [[], [], before]);
  });

  it('fails with FnF.HeartbeatTimeout when no heartbeat arrives in time', () => {
    const r = run(flow([callback('cb', { heartbeatSeconds: 10 })]), {}, { worker: echo });
    r.start();
    r.advanceBy(10_000);
    assert.equal(eventOf(r.history, 'TaskTimedOut').detail.error, 'FnF.HeartbeatTimeout');
    assert.equal(r.state.error, 'FnF.HeartbeatTimeout');
  });

  it('restarts the heartbeat clock on each heartbeat; the timer reschedules itself for the moved deadline', () => {
    const r = run(flow([callback('cb', { heartbeatSeconds: 10 })]), {}, { worker: echo });
    r.start();
    const submittedAt = r.now;
    r.advanceBy(6_000);
    assert.deepEqual(r.heartbeat().reply, { accepted: true });
    r.advanceBy(4_000); // the first timer fires at the old deadline and must not time out
    assert.equal(r.state.status, 'Running');
    assert.deepEqual([...r.timers.values()], [submittedAt + 16_000]);
    r.advanceBy(5_999);
    assert.equal(r.state.status, 'Running');
    r.advanceBy(1);
    assert.equal(r.state.error, 'FnF.HeartbeatTimeout');
  });

  it('starts the heartbeat clock when TaskSubmitted is recorded', () => {
    const r = run(flow([callback('cb', { heartbeatSeconds: 10 })]));
    r.start();
    r.advanceBy(30_000);
    assert.equal(r.state.status, 'Running');
    r.answer({ ok: true, output: {} });
    r.advanceBy(9_999);
    assert.equal(r.state.status, 'Running');
    r.advanceBy(1);
    assert.equal(r.state.error, 'FnF.HeartbeatTimeout');
  });

  it('stops a sync child whose task times out', () => {
    const r = run(
      flow([
        { type: 'task', name: 'kid', resourceArn: childArn('kid'), pattern: 'sync', timeoutSeconds: 60 },
      ]),
    );
    r.start();
    r.answer({ ok: true, output: {} });
    r.advanceBy(60_000);
    assert.equal(r.state.error, 'FnF.TaskTimeout');
    assert.equal(r.commandsOf('StopChild')[0]?.error, 'FnF.TaskTimeout');
  });
});
